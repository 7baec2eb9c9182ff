"""Property: every clean character maps back to the raw character it came from.

Documents are built from random Chinese text wrapped in markup, entities, front matter,
Traditional characters, token spaces and page breaks; whatever the shape, a clean character is
the raw character at its interval, a whitespace run collapsed to one space, an entity decoded,
or a paragraph break of zero width. Sentences and spans lift to raw text the same way.
"""

from __future__ import annotations

import html

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.output.records import mention, sentence_of
from tests.conftest import make_document

HAN = "水滴筹相互宝轻松互助蚂蚁集团愛心籌輕鬆萬億兩個餘管理费会员人数亿元万"
TEXT_CHARS = HAN + "0123456789.%，。、；：“”《》（）"
ENTITIES = ["&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&#25105;", "&#x4EEC;", "&copy;"]

words = st.text(alphabet=TEXT_CHARS, min_size=1, max_size=12)


@st.composite
def html_doc(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        tag = draw(st.sampled_from(["p", "div", "span", "h1", "li", "strong"]))
        inner = draw(st.lists(st.one_of(words, st.sampled_from(ENTITIES)), min_size=1, max_size=4))
        gap = draw(st.sampled_from(["", " ", "\n   ", "<br/>", "<!-- 注释 20亿 -->"]))
        parts.append(f'<{tag} class="x">{"".join(inner)}</{tag}>{gap}')
    return "".join(parts)


@st.composite
def plain_doc(draw: st.DrawFn) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 6))):
        tokens = draw(st.lists(words, min_size=1, max_size=6))
        sep = draw(st.sampled_from(["", " ", "　"]))
        paragraphs.append(sep.join(tokens))
        if draw(st.booleans()):
            paragraphs.append(
                draw(st.sampled_from(["图/本报记者 贾宁", "jujiao", "# 标题", "  • 列表"]))
            )
    breaks = draw(st.sampled_from(["\n", "\n\n", "\n\n\n\n", "\r\n", "。　　 "]))
    return breaks.join(paragraphs)


@st.composite
def article(draw: st.DrawFn) -> str:
    body = draw(st.one_of(html_doc(), plain_doc()))
    if draw(st.booleans()):
        title = draw(words)
        date = draw(st.sampled_from(["Invalid Date", "2021-03-27", "2022-01-20 17:50:04 +0800"]))
        body = f"---\ntitle: '{title}'\ndate: {date}\ncategories:\n - 金融\n---\n{body}"
    if draw(st.booleans()):
        body = "\n" + body
    return body


def assert_maps_back(raw: str) -> None:
    doc = make_document(raw)
    offsets = doc.offsets
    previous = 0
    for i, ch in enumerate(doc.clean):
        start, end = offsets._starts[i], offsets._ends[i]
        assert start >= previous, f"clean[{i}] maps before clean[{i - 1}]: order broken"
        previous = start
        source = raw[start:end]
        if ch == "\n":
            assert start == end, f"break at clean[{i}] has raw {source!r}"
        elif source == ch:
            continue
        elif ch == " ":
            assert html.unescape(source).isspace(), f"space at clean[{i}] from {source!r}"
        else:
            assert html.unescape(source) == ch, f"clean[{i}]={ch!r} from raw {source!r}"
    for a, b in doc.sentences:
        s = sentence_of(doc, a, b)
        assert raw[s["start"] : s["end"]].strip(), "sentence maps to empty raw text"
        m = mention(doc, a, b)
        span, byte_span = m["span"], m["byte_span"]
        assert raw[span["start"] : span["end"]] == m["quote"]
        assert raw.encode()[byte_span["start"] : byte_span["end"]].decode() == m["quote"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article())
def test_every_clean_character_maps_back(raw: str) -> None:
    assert_maps_back(raw)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(exclude_categories=("Cs", "Cc")), st.sampled_from("\n\t<>&;#")
        ),
        min_size=1,
        max_size=200,
    )
)
def test_arbitrary_text_maps_back(raw: str) -> None:
    if raw.strip():
        assert_maps_back(raw)
