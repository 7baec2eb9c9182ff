"""Chinese, Arabic, full-width and mixed numerals to exact Decimals.

News writes one number many ways: 1200万, 一千二百万, 1,200万, １２００万, 1万3千, 10580.35万,
三点五亿. These functions turn any of them into a Decimal, never a float, so that a
figure stays exactly what the article printed. They are pure: no rules file, no state.

The character tables below are the writing system itself (a closed set, like Unicode digit
values), not tunable grammar; `rules/figures.yaml` decides *where* numbers are figures, and a
test checks that every numeral character its fragments accept is known here.

Exactness rules:
- Adjacent non-zero Chinese digits inside a number (三四个, 十三四万, 七八家) are an approximate
  range in Chinese, not a number: `parse_number` raises `NotExact` for them.
- A unit-less string of Chinese digits of three or more characters, or with 〇/零, is read
  positionally (二〇二一 -> 2021, 一〇〇 -> 100).
- A single digit right after a unit is the colloquial abbreviation of the next unit down
  (一万五 -> 15000, 两千五 -> 2500, 1万3 -> 13000).
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from itertools import pairwise

FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "兩": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip

# Power of ten of each unit character. 万 and 亿 close a section (they multiply everything
# before them in the section); 十 百 千 only multiply the digit right before them.
SMALL_UNITS: dict[str, int] = {"十": 1, "拾": 1, "百": 2, "佰": 2, "千": 3, "仟": 3}
SECTION_UNITS: dict[str, int] = {"万": 4, "萬": 4, "亿": 8, "億": 8}
_SECTION_CHARS = frozenset(SECTION_UNITS)
# 廿 (20), 卅 (30), 卌 (40) are a digit and a 十 in one character.
TENS: dict[str, int] = {"廿": 2, "卅": 3, "卌": 4}

DECIMAL_POINT = "点"
_ARABIC_SCALED = re.compile(r"(\d+(?:\.\d+)?)([万萬亿億]*)", re.ASCII)
ZEROS = frozenset("〇零○")


class NotExact(ValueError):
    """The text is a numeral but not one exact number (三四个 means three or four)."""


def normalise_digits(text: str) -> str:
    """Full-width digits and separators to ASCII; drop thousands separators and spaces."""
    return text.translate(FULLWIDTH).replace(",", "").replace(" ", "").replace("\u3000", "")


Token = tuple[str, Decimal]  # (kind, value): num/digit/zero carry a value, small/section a power


def _tokens(text: str) -> list[Token]:
    """Split into Arabic runs (num), Chinese digits (digit), zeros, and units with their power."""
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isascii() and (ch.isdigit() or ch == "."):
            j = i
            while j < n and text[j].isascii() and (text[j].isdigit() or text[j] == "."):
                j += 1
            out.append(("num", Decimal(text[i:j])))
            i = j
            continue
        if ch in ZEROS:
            out.append(("zero", Decimal(0)))
        elif ch in DIGITS:
            out.append(("digit", Decimal(DIGITS[ch])))
        elif ch in SMALL_UNITS:
            out.append(("small", Decimal(SMALL_UNITS[ch])))
        elif ch in SECTION_UNITS:
            out.append(("section", Decimal(SECTION_UNITS[ch])))
        elif ch in TENS:
            out.extend((("digit", Decimal(TENS[ch])), ("small", Decimal(1))))
        else:
            raise ValueError(f"not a numeral character: {ch!r} in {text!r}")
        i += 1
    return out


def _integer_value(tokens: list[Token], text: str) -> Decimal:
    kinds = {k for k, _ in tokens}
    if not kinds & {"small", "section"}:
        if len(tokens) == 1:
            return tokens[0][1]
        if "num" in kinds:
            raise ValueError(f"Arabic and Chinese digits without a unit: {text!r}")
        if len(tokens) >= 3 or "zero" in kinds:
            return Decimal("".join(str(v) for _, v in tokens))  # positional: 二〇二一
        raise NotExact(f"two Chinese digits without a unit are a range: {text!r}")
    for (k1, _), (k2, _) in pairwise(tokens):
        if k1 == "digit" and k2 == "digit":
            raise NotExact(f"adjacent Chinese digits are an approximate range: {text!r}")
    total = Decimal(0)  # closed by 亿
    section = Decimal(0)  # closed by 万
    pending: Decimal | None = None  # digit or Arabic run not yet multiplied
    last_power = 0  # power of the last unit seen, for 一万五
    after_zero = False
    for kind, value in tokens:
        if kind in ("digit", "num"):
            pending = value
        elif kind == "zero":
            pending, after_zero = None, True
        elif kind == "small":
            section += (Decimal(1) if pending is None else pending) * 10 ** int(value)
            pending, last_power, after_zero = None, int(value), False
        else:
            base = section + (pending or 0) or Decimal(1)  # a bare 万/亿 is one of it
            if value == 8:
                total, section = (total + base) * 10**8, Decimal(0)
            else:
                section = base * 10**4
            pending, last_power, after_zero = None, int(value), False
    if pending is not None:
        last_kind, last_value = tokens[-1]
        single = last_kind == "digit" or (last_kind == "num" and len(str(last_value)) == 1)
        if single and last_power >= 2 and not after_zero:
            pending *= Decimal(10) ** (last_power - 1)
        section += pending
    return total + section


def tidy(value: Decimal) -> Decimal:
    """Drop the trailing zeros that scaling leaves (10580.35 x 10^4 -> 105803500, not ...00)."""
    if value == value.to_integral_value():
        with localcontext() as ctx:  # enough digits for any integer: quantize never rounds
            ctx.prec = max(ctx.prec, value.adjusted() + 1)
            return value.quantize(Decimal(1))
    return value.normalize()


def parse_number(text: str) -> Decimal:
    """Value of a numeral: Arabic (4,628 / １２３ / 7.29), Chinese (一千二百万 / 廿 / 〇), or mixed
    (1万3千 / 10580.35万 / 1亿2000万 / 三点五亿). Raises ValueError (NotExact for 三四)."""
    fast = _ARABIC_SCALED.fullmatch(text)  # the common case, 7.29亿 / 4628, without tokenising
    s = text if fast else normalise_digits(text)
    if not s:
        raise ValueError("empty numeral")
    fast = fast or _ARABIC_SCALED.fullmatch(s)
    if fast:
        value = Decimal(fast.group(1))
        if not fast.group(2):
            return value
        power = sum(SECTION_UNITS[ch] for ch in fast.group(2))
        return tidy(value * Decimal(10) ** power)
    if DECIMAL_POINT in s:
        head, _, tail = s.partition(DECIMAL_POINT)
        frac_digits = ""
        while tail and (tail[0] in DIGITS or tail[0] in ZEROS):
            frac_digits += str(DIGITS.get(tail[0], 0))
            tail = tail[1:]
        if not frac_digits or not head:
            raise ValueError(f"bad Chinese decimal: {text!r}")
        base = parse_number(head) + Decimal("0." + frac_digits)
        return tidy(base * scale_of(tail))
    return tidy(_integer_value(_tokens(s), text))


def scale_of(units: str) -> Decimal:
    """Multiplier of a run of unit characters: 万 -> 10^4, 千万 -> 10^7, 万亿 -> 10^12."""
    power = 0
    for ch in units:
        if ch in SMALL_UNITS:
            power += SMALL_UNITS[ch]
        elif ch in SECTION_UNITS:
            power += SECTION_UNITS[ch]
        else:
            raise ValueError(f"not a unit character: {ch!r}")
    return Decimal(10) ** power


def trailing_scale(text: str, *, sections_only: bool = False) -> Decimal:
    """Multiplier of the unit characters that end a numeral: 5万 -> 10^4, 5千万 -> 10^7, 5 -> 1;
    with `sections_only`, of its trailing 万/亿 alone (5千万 -> 10^4).

    Used for ranges (1-5万元, 一千至五千万): the scale written once after the high bound
    applies to the low bound too.
    """
    s = normalise_digits(text)
    end = len(s)
    while end and (s[end - 1] in SMALL_UNITS or s[end - 1] in SECTION_UNITS):
        end -= 1
    units = s[end:]
    if sections_only:
        units = units[len(units.rstrip("".join(SECTION_UNITS))) :]
    return scale_of(units)


def has_unit(text: str) -> bool:
    """Whether a numeral contains any unit character (十 百 千 万 亿 ...)."""
    return any(ch in SMALL_UNITS or ch in SECTION_UNITS or ch in TENS for ch in text)


def has_section_unit(text: str) -> bool:
    """Whether a numeral contains 万 or 亿 (its traditional forms included)."""
    return not _SECTION_CHARS.isdisjoint(text)


def parse_percent(text: str) -> Decimal:
    """Percent value of a percentage expression: 8% -> 8, 三成 -> 30, 百分之三十 -> 30,
    千分之5 -> 0.5, 万分之17.09 -> 0.1709, 5‰ -> 0.5."""
    s = normalise_digits(text)
    for prefix, power in PERCENT_PREFIXES.items():
        if s.startswith(prefix):
            return tidy(parse_number(s[len(prefix) :]) * Decimal(10) ** power)
    for suffix, power in PERCENT_SUFFIXES.items():
        if s.endswith(suffix):
            return tidy(parse_number(s[: -len(suffix)]) * Decimal(10) ** power)
    raise ValueError(f"not a percentage: {text!r}")


# Percent = number x 10^power. Kept here for the standalone parser; the figure grammar in
# rules/figures.yaml lists the same markers with the same powers (a test checks they agree).
PERCENT_PREFIXES: dict[str, int] = {"百分之": 0, "千分之": -1, "万分之": -2, "萬分之": -2}
PERCENT_SUFFIXES: dict[str, int] = {"%": 0, "‰": -1, "成": 1}
