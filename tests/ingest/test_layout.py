"""The clean view: what reaches it, what does not, and how each shape of article reads."""

from __future__ import annotations

import pytest

from tests.conftest import make_document


def clean_of(text: str) -> str:
    return make_document(text).clean


@pytest.mark.parametrize(
    ("raw", "absent"),
    [
        pytest.param("<p>正文</p><!-- 注释里的20亿美元 --><p>第二段</p>", "20亿美元", id="comment"),
        pytest.param(
            "<p>正文</p><script>var x = '5000万';</script><p>尾</p>", "5000万", id="script"
        ),
        pytest.param("<style>.a{width:578px}</style><p>正文</p><div>尾</div>", "578", id="style"),
        pytest.param('<p><a href="http://x.cn/106.WDH">行情</a>正文</p><p>a</p>', "WDH", id="href"),
        pytest.param("<p>见 https://example.com/a?id=2021 正文</p><p>b</p>", "2021", id="url-text"),
        pytest.param("正文[返回首页](//finews.example.com/)结束", "finews", id="markdown-link"),
        pytest.param("正文\n\n<http://finews.example.com/NW2022>\n\n尾", "NW2022", id="autolink"),
        pytest.param("正文![图](http://a.cn/1.png)尾", "png", id="markdown-image"),
        pytest.param(
            "正文。\n\n[返回蓝鲸财经新闻](//a.cn/c.html)｜[返回首页](//a.cn/)",
            "蓝鲸",
            id="nav-links",
        ),
        pytest.param("正文。\n\n返回搜狐，查看更多", "返回", id="nav-back-sohu"),
        pytest.param(
            "---\ntitle: 标题\nthumbnail: 'https://a.cn/2021/3/27/1.png'\n---\n正文内容。",
            "thumbnail",
            id="front-matter-key",
        ),
    ],
)
def test_markup_never_reaches_clean_view(raw: str, absent: str) -> None:
    clean = clean_of(raw)
    assert absent not in clean, f"{absent!r} leaked into the clean view: {clean!r}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("<p>A&amp;B&nbsp;公司&#25105;&#x4EEC;</p>", "A&B 公司我们", id="entities"),
        pytest.param(
            "<h1>\n   标题\n</h1>\n<p>  第一段。</p>", "标题\n第一段。", id="block-breaks"
        ),
        pytest.param(
            "<p><span>业务升级。</span>   <span>对于会员</span></p>",
            "业务升级。对于会员",
            id="inline-gap-after-punct",
        ),
        pytest.param(
            "<p>每经记者 涂颖浩</p><br/><p>x</p>", "每经记者 涂颖浩\nx", id="name-gap-kept"
        ),
        pytest.param("第一段。\n\n\n第二段。", "第一段。\n第二段。", id="blank-lines"),
        pytest.param("# 标题\n\n正文。", "标题\n正文。", id="markdown-heading"),
        pytest.param("  • 列表项\n    正文。", "列表项\n正文。", id="bullet"),
        pytest.param("正文**加粗**结束。", "正文加粗结束。", id="emphasis"),
    ],
)
def test_clean_view(raw: str, expected: str) -> None:
    assert clean_of(raw) == expected


TOKENISED = (
    "  美团 互助 关停 百度 灯火 互助 下线 。　　 上线 一年半 美团 互助 用户 人数 1500 万 "
    "仅次于 蚂蚁 集团 相互 宝 。　　 2020 年 11 月 第一期 分摊 人数 10580.35 万人 ， "
    "NYSE WDH 上市 。"
)


def test_tokenised_text_reads_as_prose() -> None:
    doc = make_document(TOKENISED)
    assert doc.format == "tokenised"
    assert doc.clean.split("\n") == [
        "美团互助关停百度灯火互助下线。",
        "上线一年半美团互助用户人数1500万仅次于蚂蚁集团相互宝。",
        "2020年11月第一期分摊人数10580.35万人，NYSE WDH上市。",
    ]


PDF_PAGE = (
    "聚焦  \njujiao\n\n"
    "# 多方协同构建多元化医疗救助体系\n\n本报记者 顾磊\n\n"
    "近年来，大病求助平台积极动员多方资源。现阶段，患者在平台筹款顾问的协\n\n\n\n"
    "图/本报记者 贾宁\n\n"
    "助下发起求助，开展筹款。面向的人群更\n\n多元，受益人群更为广泛。"
    "计划由公益平台在2021\n\n年3月推出。患者分布在全国28个省份的\n\n136家定点医院。"
    "\n\n张海迪：\n\n## 已成区域合作典范\n"
)


def test_pdf_page_breaks_are_repaired() -> None:
    doc = make_document(PDF_PAGE)
    assert doc.format == "pdf_text"
    assert doc.clean.split("\n") == [
        "聚焦",
        "多方协同构建多元化医疗救助体系",
        "本报记者 顾磊",
        "近年来，大病求助平台积极动员多方资源。现阶段，患者在平台筹款顾问的协助下发起求助，"
        "开展筹款。面向的人群更多元，受益人群更为广泛。计划由公益平台在2021年3月推出。"
        "患者分布在全国28个省份的136家定点医院。",
        "张海迪：",
        "已成区域合作典范",
    ]
    assert doc.title == "多方协同构建多元化医疗救助体系"


def test_ordinary_text_is_not_joined() -> None:
    doc = make_document(
        "构建长效机制,爱心筹推动自律公约再升级\n\n2020-12-27 手机凤凰网\n\n日前,正文。"
    )
    assert doc.format == "plain"
    assert doc.clean.split("\n")[:2] == [
        "构建长效机制,爱心筹推动自律公约再升级",
        "2020-12-27 手机凤凰网",
    ]
    assert doc.title == "构建长效机制,爱心筹推动自律公约再升级"
    assert (doc.published.isoformat(), doc.published_source) == ("2020-12-27", "dateline")


@pytest.mark.parametrize(
    ("raw", "published", "published_time", "source"),
    [
        pytest.param(
            "---\ntitle: t\ndate: 2022-01-20 17:50:04 +0800\n---\n<p>正文。</p><p>二</p>",
            "2022-01-20",
            "2022-01-20T17:50:04+08:00",
            "front_matter",
            id="front-matter-tz",
        ),
        pytest.param(
            "---\ntitle: 't'\ndate: Invalid Date\n---\n"
            "<p>每日经济新闻 2021-03-27 14:02:45</p><p>正文。</p>",
            "2021-03-27",
            "2021-03-27T14:02:45",
            "dateline",
            id="invalid-date-then-dateline",
        ),
        pytest.param(
            "---\ntitle: t\ndate: Invalid Date\n---\n正文提到2021年3月27日的事。",
            None,
            None,
            None,
            id="no-date-never-guessed",
        ),
        pytest.param(
            "标题\n\n2021年3月27日 10:05 来源：新华网\n\n正文。",
            "2021-03-27",
            "2021-03-27T10:05:00",
            "dateline",
            id="chinese-dateline",
        ),
        pytest.param(
            "<p>【鹭岛财讯2024年3月15日讯】今日，某平台宣布上线。</p><p>二</p>",
            "2024-03-15",
            "2024-03-15",
            "dateline",
            id="wire-dateline",
        ),
        pytest.param(
            "本报2023年9月14日讯（记者 张三）正文。\n\n二",
            "2023-09-14",
            "2023-09-14",
            "dateline",
            id="newspaper-dateline",
        ),
        pytest.param(
            "正文引用了2021年3月27日讯息。\n\n二",
            None,
            None,
            None,
            id="no-wire-mid-sentence",
        ),
        pytest.param(
            "---\ntitle: [broken\ndate: 2020-05-01\n---\n正文。",
            "2020-05-01",
            "2020-05-01",
            "front_matter",
            id="broken-yaml",
        ),
    ],
)
def test_publication_date(
    raw: str, published: str | None, published_time: str | None, source: str | None
) -> None:
    doc = make_document(raw)
    got = doc.published.isoformat() if doc.published else None
    assert (got, doc.published_time, doc.published_source) == (published, published_time, source)


def test_front_matter_title_joins_clean_view_when_body_lacks_it() -> None:
    doc = make_document('---\ntitle: "深度参与多地惠民保"\n---\n<p>正文。</p><p>二</p>')
    assert doc.title == "深度参与多地惠民保"
    assert doc.clean.startswith("深度参与多地惠民保\n正文。")
    start = doc.offsets.to_raw(0, 9)
    assert doc.raw[start[0] : start[1]] == "深度参与多地惠民保"


def test_traditional_view_keeps_offsets() -> None:
    doc = make_document("愛心籌幫助全國各地近60萬大病家庭籌到超80億元治病錢。")
    assert doc.script == "traditional"
    assert doc.match_text == "爱心筹帮助全国各地近60万大病家庭筹到超80亿元治病钱。"
    assert len(doc.match_text) == len(doc.clean)


def test_sentences_split_on_end_marks_and_breaks() -> None:
    doc = make_document("他说：“好。”然后走了！版本2.0发布。Done. Next\n第二段")
    assert [doc.clean[a:b] for a, b in doc.sentences] == [
        "他说：“好。”",
        "然后走了！",
        "版本2.0发布。",
        "Done.",
        "Next",
        "第二段",
    ]
