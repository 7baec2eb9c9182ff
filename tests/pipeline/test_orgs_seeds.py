"""Every organisation mention in the five seeds, with its canonical name, written by reading them.

Compared as the set of distinct (clean mention text, canonical name) pairs per seed, both ways:
a missing pair is a recall failure, an extra pair a false organisation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from extract import ingest
from extract.pipeline.organisations import OrganisationStage

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

CBIRC = "中国银行保险监督管理委员会"
DAFEI = "打击非法金融活动局"

EXPECTED: dict[str, set[tuple[str, str]]] = {
    # 每经 (HTML in Markdown): platforms, the regulator and its department, experts' institutes
    "000_100585dc6954c7e0.txt": {
        ("每日经济新闻", "每日经济新闻"),
        ("每经", "每日经济新闻"),
        ("水滴互助", "水滴互助"),
        ("轻松互助", "轻松互助"),
        ("相互宝", "相互宝"),
        ("银保监会打非局", DAFEI),
        ("银保监会", CBIRC),
        ("全国政协", "中国人民政治协商会议全国委员会"),
        ("对外经贸大学国家对外开放研究院", "对外经贸大学国家对外开放研究院"),
        ("美团互助", "美团互助"),
        ("美团", "美团"),
        ("国新办", "国务院新闻办公室"),
        ("天风证券", "天风证券"),
        (
            "清华大学五道口金融学院中国保险与养老金研究中心",
            "清华大学五道口金融学院中国保险与养老金研究中心",
        ),
        ("水滴健康保", "水滴健康保"),  # insurance_product
    },
    # 半月谈 (pre-tokenised, function words stripped): 相互 宝 / 蚂蚁 集团 / 银 保监会 ...
    "001_93860c97cd0956a8.txt": {
        ("美团互助", "美团互助"),
        ("美团", "美团"),
        ("百度灯火互助", "灯火互助"),
        ("蚂蚁集团", "蚂蚁集团"),
        ("蚂蚁相互保", "相互宝"),  # the brand phrase names the product
        ("相互宝", "相互宝"),
        ("相互保", "相互宝"),
        ("半月谈", "半月谈"),
        ("中金公司", "中金公司"),
        ("银保监会", CBIRC),
        ("银保监会打击非法金融活动局", DAFEI),
        ("湖南大学风险管理精算研究所", "湖南大学风险管理精算研究所"),
        ("水滴筹", "水滴筹"),
        ("中国社会科学院世界社保研究中心", "中国社会科学院世界社保研究中心"),
    },
    # 蓝鲸财经 (HTML fragment): 水滴 as the company, its ticker, brands and broker
    "002_c5be1e22cb1903c7.txt": {
        ("中国新闻周刊", "中国新闻周刊"),
        ("咬文嚼字", "咬文嚼字"),
        ("水滴保", "水滴保"),
        ("水滴公司", "水滴公司"),
        ("NYSE:WDH", "水滴公司"),
        ("水滴集团", "水滴公司"),
        ("水滴", "水滴公司"),
        ("水滴保险经纪", "水滴保险经纪"),
        ("水滴筹", "水滴筹"),
        ("水滴好药付", "水滴好药付"),
        ("蓝鲸财经", "蓝鲸财经"),
        # 返回蓝鲸财经新闻 is a navigation link: page furniture, out of the clean view
        # insurance products: the city's scheme (淄博惠民保) is its one named product
        ("齐惠保", "淄博齐惠保"),
        ("淄博齐惠保", "淄博齐惠保"),
        ("淄博惠民保", "淄博齐惠保"),
        ("南昌惠民保", "南昌惠民保"),
    },
    # 手機鳳凰網 (Traditional): the crowdfunding platforms and the outlets of the related news
    "003_5d0e800a51db5098.txt": {
        ("手机凤凰网", "凤凰网"),
        ("爱心筹", "爱心筹"),
        ("轻松筹", "轻松筹"),
        ("水滴筹", "水滴筹"),
        ("360大病筹", "360大病筹"),
        ("TechWeb", "TechWeb"),
        ("北京商报", "北京商报"),
        ("珠江时报", "珠江时报"),
        ("时刻头条", "时刻头条"),
        ("水滴公司", "水滴公司"),
        ("商界", "商界"),
        ("中国保险行业协会", "中国保险行业协会"),
        ("市物业管理协会", "天津市物业管理协会"),
        ("钛媒体APP", "钛媒体"),
        ("轻松互助", "轻松互助"),
    },
    # 中国社会报-style PDF page: research institutes, foundations, ministries, the UN
    "004_c6233d240e700392.txt": {
        ("水滴筹", "水滴筹"),
        ("轻松筹", "轻松筹"),
        ("北京师范大学中国公益研究院", "北京师范大学中国公益研究院"),
        ("海南亚洲公益研究院", "海南亚洲公益研究院"),
        ("水滴大病研究院", "水滴大病研究院"),
        ("微信", "微信"),
        ("水滴公益", "水滴公益"),
        ("轻松集团", "轻松集团"),
        ("中华慈善总会", "中华慈善总会"),
        ("中国残联", "中国残疾人联合会"),
        ("康复国际", "康复国际"),
        ("联合国亚太经社会", "联合国亚洲及太平洋经济社会委员会"),
        ("联合国", "联合国"),
        ("中国政府", "国务院"),
        ("北京春晖博爱公益基金会", "北京春晖博爱公益基金会"),
        ("春晖博爱", "北京春晖博爱公益基金会"),
        ("阿里巴巴公益", "阿里巴巴公益"),
        ("链上公益", "链上公益"),
        ("天猫", "天猫"),
        ("阿里", "阿里巴巴集团"),
        ("福建省民政厅", "福建省民政厅"),
        ("山东省民政厅", "山东省民政厅"),
        ("南开大学周恩来政府管理学院", "南开大学周恩来政府管理学院"),
        ("中国社会科学院大学社会与民族学院", "中国社会科学院大学社会与民族学院"),
        ("北京农禾之家农村发展基金会", "北京农禾之家农村发展基金会"),
        ("北京博能公益基金会", "北京博能公益基金会"),
        ("社会科学院出版社", "社会科学院出版社"),
        ("中国社会科学院社会学研究所", "中国社会科学院社会学研究所"),
    },
}


@pytest.fixture(scope="module")
def stage() -> OrganisationStage:
    return spacy.blank("zh").add_pipe("zh_organisations")


@pytest.mark.parametrize("seed", sorted(EXPECTED), ids=[s[:3] for s in sorted(EXPECTED)])
def test_seed_organisations(stage: OrganisationStage, seed: str) -> None:
    text = ingest.load_document(SEEDS / seed).match_text
    found = stage.find(spacy.blank("zh").make_doc(text))
    got = {("".join(text[f.start : f.end].split()), f.fields["name"]) for f in found}
    missing = EXPECTED[seed] - got
    extra = got - EXPECTED[seed]
    assert not missing and not extra, f"{seed}: missing {sorted(missing)}; false {sorted(extra)}"


@pytest.mark.parametrize("seed", sorted(EXPECTED), ids=[s[:3] for s in sorted(EXPECTED)])
def test_one_identity_per_name(stage: OrganisationStage, seed: str) -> None:
    """Within a document every canonical name has one id, whatever form it was written in."""
    text = ingest.load_document(SEEDS / seed).match_text
    ids: dict[str, set[str]] = {}
    for f in stage.find(spacy.blank("zh").make_doc(text)):
        ids.setdefault(f.fields["name"], set()).add(f.fields["org_id"])
    split = {name: i for name, i in ids.items() if len(i) > 1}
    assert not split, f"{seed}: names with several ids: {split}"
