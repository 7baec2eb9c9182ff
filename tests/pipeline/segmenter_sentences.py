"""Sentences written for the segmenter experiment: organisations outside the gazetteer.

Written in the styles of other outlets (据XX研究院发布, 由XX基金会联合XX大学, 受XX委托,
记者从XX获悉) and with left contexts the character rules do not list (受, 经, 资助方, 按照,
南都), so that word boundaries have something to add. Each case: id, sentence, expected
(mention, org_type) pairs.
NEGATIVE_SENTENCES name no organisation at all and measure false ones.
"""

from __future__ import annotations

from pathlib import Path

from extract.pipeline import shipped_pkuseg_model

Case = tuple[str, str, list[tuple[str, str]]]

SEGMENTER_SENTENCES: list[Case] = [
    # research institutes and think tanks, as cited by outlets
    (
        "ju_institute_release",
        "据鸿鹄金融研究院发布的报告，惠民保参保人数持续增长。",
        [("鸿鹄金融研究院", "research")],
    ),
    (
        "centre_director",
        "南湖大数据研究中心主任刘明指出，逆选择是主因。",
        [("南湖大数据研究中心", "research")],
    ),
    (
        "ju_institute_stats",
        "据苍穹数据研究所统计，网络互助用户约1亿人。",
        [("苍穹数据研究所", "research")],
    ),
    (
        "genju_institute",
        "根据海鸥保险研究院的测算，赔付率仍在上升。",
        [("海鸥保险研究院", "research")],
    ),
    ("think_tank_jointly", "该平台携手锦程智库发布了行业报告。", [("锦程智库", "research")]),
    (
        "two_researchers",
        "这份白皮书由云帆研究院和北海证券研究所共同发布。",
        [("云帆研究院", "research"), ("北海证券研究所", "research")],
    ),
    (
        "society_chair",
        "在去年举办的论坛上，中华慈善研究会会长作了发言。",
        [("中华慈善研究会", "association")],
    ),
    ("jing_securities", "经安和证券测算，行业规模约为300亿元。", [("安和证券", "securities_firm")]),
    # foundations, associations, NGOs
    (
        "you_foundation_with_uni",
        "该项目由启明公益基金会联合东川大学共同发起。",
        [("启明公益基金会", "foundation"), ("东川大学", "university")],
    ),
    ("shou_commission", "此次调研受华夏慈善联合会委托开展。", [("华夏慈善联合会", "association")]),
    (
        "funder_foundation",
        "资助方蓝桥教育基金会表示，将追加投入。",
        [("蓝桥教育基金会", "foundation")],
    ),
    (
        "foundation_donates",
        "今年3月，青松慈善基金会向当地医院捐赠了设备。",
        [("青松慈善基金会", "foundation")],
    ),
    ("ngo_funded", "据统计，星辰公益组织已资助患儿200余名。", [("星辰公益组织", "ngo")]),
    (
        "sponsors_list",
        "联名发起倡议的有晓风公益基金会等十余家机构。",
        [("晓风公益基金会", "foundation")],
    ),
    (
        "you_foundation_hospitals",
        "由长青基金会联合多家医院发起的救助项目已落地。",
        [("长青基金会", "foundation")],
    ),
    ("foundation_goods", "朗润基金会捐赠的物资已运抵灾区。", [("朗润基金会", "foundation")]),
    (
        "province_association",
        "浙江省保险行业协会发布了风险提示。",
        [("浙江省保险行业协会", "association")],
    ),
    (
        "awarded_pair",
        "获评优秀单位的有南岭商会和北川慈善总会。",
        [("南岭商会", "association"), ("北川慈善总会", "association")],
    ),
    ("mutual_insurer", "众信相互保险社正式开业。", [("众信相互保险社", "insurer")]),
    # companies, insurers, brokers
    ("co_funding", "晨曦健康科技有限公司获得了新一轮融资。", [("晨曦健康科技有限公司", "company")]),
    ("broker_interview", "记者近日采访了鼎信保险经纪的相关负责人。", [("鼎信保险经纪", "broker")]),
    ("cong_insurer_huoxi", "记者从瑞丰人寿获悉，该公司已暂停销售。", [("瑞丰人寿", "insurer")]),
    ("also_consulting", "参与评估的还有海棠精算咨询公司。", [("海棠精算咨询公司", "company")]),
    (
        "insurer_responds",
        "对此，安泰财产保险公司回应称已启动调查。",
        [("安泰财产保险公司", "insurer")],
    ),
    (
        "operator_is",
        "该平台的运营主体为北京益佳科技有限公司。",
        [("北京益佳科技有限公司", "company")],
    ),
    ("group_invests", "此前，海纳科技集团已入股该平台。", [("海纳科技集团", "company")]),
    (
        "joint_stock_insurer",
        "华宇人寿保险股份有限公司发布公告称，将调整产品。",
        [("华宇人寿保险股份有限公司", "company")],
    ),
    ("agency_company", "金桥保险代理公司的业务员曾上门推销。", [("金桥保险代理公司", "company")]),
    (
        "former_employer",
        "她曾就职于三江保险公司，后加入某互助平台。",
        [("三江保险公司", "insurer")],
    ),
    ("underwritten_by", "该险种由太和人寿承保。", [("太和人寿", "insurer")]),
    (
        "attendee_company",
        "与会的青禾医疗科技公司代表介绍了风控经验。",
        [("青禾医疗科技公司", "company")],
    ),
    (
        "broker_signs_company",
        "蓝天保险经纪与白云科技公司签署了战略合作协议。",
        [("蓝天保险经纪", "broker"), ("白云科技公司", "company")],
    ),
    # platforms
    ("platform_stops", "远帆互助平台今日宣布停止运营。", [("远帆互助", "platform")]),
    ("chou_help", "用户在暖阳筹平台发起求助后，很快筹满。", [("暖阳筹", "platform")]),
    ("hz_announces", "记者获悉，雨林互助宣布于上月正式关停。", [("雨林互助", "platform")]),
    # universities, government, courts, hospitals
    (
        "invited_school",
        "受邀出席的还有西岭大学公共管理学院院长。",
        [("西岭大学公共管理学院", "university")],
    ),
    (
        "college_and_institute",
        "报告由华南理工学院与江汉证券研究所联合撰写。",
        [("华南理工学院", "university"), ("江汉证券研究所", "research")],
    ),
    (
        "district_bureau",
        "北京市朝阳区民政局对该机构进行了检查。",
        [("北京市朝阳区民政局", "government")],
    ),
    (
        "anzhao_bureau",
        "按照望江区医疗保障局的要求，平台补充了材料。",
        [("望江区医疗保障局", "government")],
    ),
    (
        "district_commission",
        "天津市红桥区卫生健康委员会通报了一起骗保案。",
        [("天津市红桥区卫生健康委员会", "government")],
    ),
    ("district_court", "南山区人民法院一审判决被告退还善款。", [("南山区人民法院", "court")]),
    ("city_hospital", "杭州市西溪医院为患者开辟了绿色通道。", [("杭州市西溪医院", "hospital")]),
    # media
    ("ju_web_report", "据金鹰财经网报道，多家平台已下线相关产品。", [("金鹰财经网", "media")]),
    ("morning_paper_reporter", "南都晨报记者调查发现，不少用户并不知情。", [("南都晨报", "media")]),
    ("city_daily", "多位专家向江城日报表示，监管应当前置。", [("江城日报", "media")]),
]

NEGATIVE_SENTENCES: list[tuple[str, str]] = [
    ("online_channel", "参保人可以通过线上渠道申请理赔。"),
    ("research_bodies", "多家研究机构认为，行业仍有增长空间。"),
    ("this_company", "这家公司的负责人拒绝回应。"),
    ("civil_affairs", "记者联系了当地的民政部门。"),
    ("that_foundation", "该基金会表示将继续支持。"),
    ("students_join", "部分大学生也加入了互助计划。"),
    ("union_raises", "所在单位的工会为他发起了募捐。"),
    ("local_bureaus", "各地医保局陆续出台了相关政策。"),
]


def pkuseg_model_folder() -> Path | None:
    """The model folder the `pkuseg` package ships, or None when pkuseg is not installed."""
    folder = shipped_pkuseg_model()
    return Path(folder) if folder else None
