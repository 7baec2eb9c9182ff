"""Chinese, Arabic, full-width and mixed numerals to exact Decimals.

News writes one number many ways: 1200万, 一千二百万, 1,200万, １２００万, 1万3千, 3万4000,
10580.35万, 三点五亿, 负2.3, 三分之一. These functions turn any of them into a Decimal (or an
exact Fraction), never a float, so that a figure stays exactly what the article printed. They
are pure: no rules file, no state.

The character tables below are the writing system itself (a closed set, like Unicode digit
values), not tunable grammar; `rules/figures.yaml` decides *where* numbers are figures, and a
test checks that every numeral character its fragments accept is known here.

Exactness rules:
- Adjacent non-zero Chinese digits inside a number (三四个, 十三四万, 七八家) are an approximate
  range in Chinese, not a number: `parse_number` raises `NotExact` for them.
- A unit-less string of Chinese digits of three or more characters, or with 〇/零, is read
  positionally (二〇二一 -> 2021, 一〇〇 -> 100).
- A single digit right after a unit is the colloquial abbreviation of the next unit down
  (一万五 -> 15000, 两千五 -> 2500, 1万3 -> 13000); more digits are the number itself
  (3万4000 -> 34000).
- Units inside a section must fall (七十百 is not a number), and a section unit multiplies all
  before it: 四万万 -> 4亿, 一万五千亿 -> 1.5万亿, 五兆六十二亿 -> 5006200000000 (兆 = 10^12, as
  in Taiwan usage and Recognizers-Text).
- 多/余/几 after a numeral are "and some" (二十几万 -> 200000): the value is the written part,
  the figure grammar records the qualifier.
- A fraction whose decimal does not end (三分之一) is exact only as a Fraction: `parse_number`
  raises NotExact, `parse_fraction` returns it.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise

FULLWIDTH = str.maketrans("０１２３４５６７８９．，％／－", "0123456789.,%/-")

DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "兩": 2, "贰": 2, "貳": 2, "倆": 2, "俩": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip

# Power of ten of each unit character. 万, 亿 and 兆 close a section (they multiply everything
# before them in the section); 十 百 千 only multiply the digit right before them.
SMALL_UNITS: dict[str, int] = {"十": 1, "拾": 1, "百": 2, "佰": 2, "千": 3, "仟": 3}
SECTION_UNITS: dict[str, int] = {"万": 4, "萬": 4, "亿": 8, "億": 8, "兆": 12}
_SECTION_CHARS = frozenset(SECTION_UNITS)
# 廿 (20), 卅 (30), 卌 (40) are a digit and a 十 in one character.
TENS: dict[str, int] = {"廿": 2, "卅": 3, "卌": 4}

DECIMAL_POINTS = frozenset("点點")
TEN = "十"
TRILLION = "兆"  # 10^12: a figure only before a currency (新台幣3兆元; 3兆瓦 is none)
# The scale words a figure is shown with, largest first (7.29亿, 251.1万).
DISPLAY_SCALES: tuple[tuple[int, str], ...] = ((8, "亿"), (4, "万"))
MINUS_SIGNS = ("负", "負", "-", "−")
# "and some" after a numeral: 十多万, 500余万, 二十几万 (the grammar records the qualifier).
APPROX_MARKS = frozenset("多余餘几幾")
FRACTION_MARK = "分之"
WHOLE_AND_FRACTION = "又"  # 三百五又三分之一
_ARABIC_SCALED = re.compile(r"(\d+(?:\.\d+)?)([万萬亿億兆]*)", re.ASCII)
_SLASH = re.compile(r"(?:(\d+)\s+)?(\d+)\s*/\s*(\d+)", re.ASCII)  # 1/3, 1 3/5
ZEROS = frozenset("〇零○")
MAX_DIGITS = 40  # a longer digit run is an id or a serial number, never a figure
_PRECISION = 80  # decimal digits of working precision: exact for any figure of MAX_DIGITS
_SHORT = 20  # numbers below 10^20 stay exact in the default context; longer ones get _PRECISION


class NotExact(ValueError):
    """The text is a numeral but not one exact number (三四个 means three or four)."""


def normalise_digits(text: str) -> str:
    """Full-width digits and separators to ASCII; drop thousands separators and spaces."""
    return (
        text.translate(FULLWIDTH)
        .replace(",", "")
        .replace(" ", "")
        .replace("\u3000", "")
        .replace("\u00a0", "")
        .replace("\t", "")
    )


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
            if j - i > MAX_DIGITS or text[i:j].count(".") > 1:
                raise ValueError(f"not a figure's digits: {text[i:j]!r}")
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


def _single(token: Token) -> bool:
    """A lone digit: the colloquial 一万五 / 1万3 abbreviation applies to it."""
    kind, value = token
    return kind == "digit" or (kind == "num" and len(str(value)) == 1)


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
        if {k1, k2} == {"digit", "num"} or k1 == k2 == "num":
            raise ValueError(f"two numbers without a unit between them: {text!r}")
    return _sections(tokens, text)


def _sections(tokens: list[Token], text: str) -> Decimal:
    """Split at the last of the highest section units: (left) x 10^power + (right)."""
    powers = [int(v) for k, v in tokens if k == "section"]
    if not powers:
        return _small_section(tokens, text)
    top = max(powers)
    i = max(j for j, (k, v) in enumerate(tokens) if k == "section" and v == top)
    left, right = tokens[:i], tokens[i + 1 :]
    high = (_sections(left, text) if left else Decimal(1)) * Decimal(10) ** top
    if not right:
        return high
    if right[0][0] == "zero":
        rest = right[1:]
        return high + (_sections(rest, text) if rest else 0)
    if len(right) == 1 and _single(right[0]):
        return high + right[0][1] * Decimal(10) ** (top - 1)  # 一万五, 1万3
    low = _sections(right, text)
    if low >= Decimal(10) ** top:
        raise ValueError(f"more after {text!r}'s unit than the unit holds")
    return high + low


def _small_section(tokens: list[Token], text: str) -> Decimal:
    """A run below 万: digits times 十/百/千, falling, zeros as place holders (一千零五)."""
    total = Decimal(0)
    pending: Decimal | None = None
    last_power: int | None = None
    after_zero = False
    for kind, value in tokens:
        if kind in ("digit", "num"):
            pending = value
        elif kind == "zero":
            pending, after_zero = None, True
        else:
            power = int(value)
            if last_power is not None and power >= last_power:
                raise ValueError(f"units do not fall in {text!r}")
            total += (Decimal(1) if pending is None else pending) * Decimal(10) ** power
            pending, last_power, after_zero = None, power, False
    if pending is not None:
        if last_power is not None and last_power >= 2 and not after_zero and _single(tokens[-1]):
            pending *= Decimal(10) ** (last_power - 1)  # 两千五, 一百五
        total += pending
    return total


def tidy(value: Decimal) -> Decimal:
    """Drop the trailing zeros that scaling leaves (10580.35 x 10^4 -> 105803500, not ...00)."""
    if value.adjusted() >= _SHORT:  # beyond the default context's 28 digits
        with localcontext(prec=_PRECISION):
            return _tidy(value)
    return _tidy(value)


def _tidy(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _drop_approx(s: str) -> str:
    """二十几万 -> 二十万, 500余万 -> 500万; a leading 几 (几十万) is vague, not a number."""
    if not APPROX_MARKS.intersection(s):
        return s
    if s[0] in APPROX_MARKS:
        raise ValueError(f"a vague amount is not a number: {s!r}")
    return "".join(ch for ch in s if ch not in APPROX_MARKS)


def _split_sign(s: str) -> tuple[int, str]:
    for sign in MINUS_SIGNS:
        if s.startswith(sign):
            return -1, s[len(sign) :]
    return 1, s


@lru_cache(maxsize=4096)  # figures repeat (1, 10, 2021): Decimal is immutable
def parse_number(text: str) -> Decimal:
    """Value of a numeral: Arabic (4,628 / １２３ / 7.29), Chinese (一千二百万 / 廿 / 〇), mixed
    (1万3千 / 3万4000 / 10580.35万 / 三点五亿), signed (负2.3, -3.9) or a fraction with an exact
    decimal (五分之一 -> 0.2). Raises ValueError (NotExact for 三四, 三分之一)."""
    fast = _ARABIC_SCALED.fullmatch(text)  # the common case, 7.29亿 / 4628, without tokenising
    if fast and len(fast.group(1)) <= MAX_DIGITS:
        value = Decimal(fast.group(1))
        if not fast.group(2):
            return value
        power = sum(SECTION_UNITS[ch] for ch in fast.group(2))
        return tidy(value.scaleb(power))
    s = normalise_digits(text)
    sign, s = _split_sign(s)
    if s and FRACTION_MARK not in s and WHOLE_AND_FRACTION not in s and "/" not in s:
        return sign * _plain_number(s, text)  # no fraction: no Fraction arithmetic
    value = parse_fraction(text)
    if not _terminates(value):
        raise NotExact(f"{text!r} has no exact decimal")
    return _decimal(value)


def _terminates(value: Fraction) -> bool:
    """Whether the decimal of `value` ends: its denominator has no prime factor but 2 and 5."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _decimal(value: Fraction) -> Decimal:
    with localcontext(prec=_PRECISION):
        return tidy(Decimal(value.numerator) / Decimal(value.denominator))


def parse_fraction(text: str) -> Fraction:
    """Exact value of any numeral `parse_number` reads, and of fractions whose decimal does not
    end: 三分之一 -> 1/3, 三百五又三分之一 -> 1051/3, 1 3/5 -> 8/5, 负3分之负157 -> 157/3."""
    s = text.translate(FULLWIDTH).strip()
    sign, s = _split_sign(s)
    slash = _SLASH.fullmatch(s.replace(",", ""))
    if slash:
        whole, num, den = slash.groups()
        if int(den) == 0:
            raise ValueError(f"zero denominator: {text!r}")
        return sign * (int(whole or 0) + Fraction(int(num), int(den)))
    s = normalise_digits(s)
    if not s:
        raise ValueError("empty numeral")
    if WHOLE_AND_FRACTION in s:
        whole, _, part = s.partition(WHOLE_AND_FRACTION)
        if FRACTION_MARK not in part or not whole:
            raise ValueError(f"not a whole and a fraction: {text!r}")
        return sign * (parse_fraction(whole) + parse_fraction(part))
    if FRACTION_MARK in s:
        den_text, _, num_text = s.partition(FRACTION_MARK)
        den = parse_fraction(den_text)
        if den == 0:
            raise ValueError(f"zero denominator: {text!r}")
        return sign * parse_fraction(num_text) / den
    return sign * Fraction(_plain_number(s, text))


def _plain_number(s: str, text: str) -> Decimal:
    """An unsigned numeral without a fraction, spaces and separators already removed."""
    s = _drop_approx(s)
    if s.startswith(HALF) and len(s) > 1:
        return tidy(scale_of(s[1:]) / 2)  # 半百 -> 50
    fast = _ARABIC_SCALED.fullmatch(s)
    if fast:
        if len(fast.group(1)) > MAX_DIGITS:
            raise ValueError(f"not a figure's digits: {text!r}")
        power = sum(SECTION_UNITS[ch] for ch in fast.group(2))
        return tidy(Decimal(fast.group(1)).scaleb(power))
    point = next((ch for ch in s if ch in DECIMAL_POINTS), None)
    if point is not None:
        head, _, tail = s.partition(point)
        frac_digits = ""
        while tail and (tail[0] in DIGITS or tail[0] in ZEROS):
            frac_digits += str(DIGITS.get(tail[0], 0))
            tail = tail[1:]
        if not frac_digits or not head:
            raise ValueError(f"bad Chinese decimal: {text!r}")
        base = _plain_number(head, text) + Decimal("0." + frac_digits)
        return tidy(base * scale_of(tail))
    with localcontext(prec=_PRECISION):
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
    """Whether a numeral contains 万, 亿 or 兆 (their traditional forms included)."""
    return not _SECTION_CHARS.isdisjoint(text)


def percent_of_fraction(value: Fraction) -> Decimal:
    """A share as a percent: exact when its decimal ends (四分之一 -> 25), else rounded to four
    decimal places (三分之一 -> 33.3333), the precision news gives a share."""
    percent = value * 100
    if _terminates(percent):
        return _decimal(percent)
    with localcontext(prec=_PRECISION):
        return tidy(_decimal(percent).quantize(Decimal("0.0001")))


def parse_percent(text: str) -> Decimal:
    """Percent value of a percentage expression: 8% -> 8, 三成 -> 30, 三成半 -> 35, 七成六 -> 76,
    百分之三十 -> 30, 千分之5 -> 0.5, 万分之17.09 -> 0.1709, 百万分之五 -> 0.0005, 5‰ -> 0.5,
    三分之一 -> 33.3333, 2个百分点 -> 2 (points), 负3.9% -> -3.9."""
    s = normalise_digits(text)
    sign, s = _split_sign(s)
    for suffix in POINT_SUFFIXES:
        if s.endswith(suffix):
            return sign * parse_number(s[: -len(suffix)])
    if FRACTION_MARK in s:
        return sign * percent_of_fraction(parse_fraction(s))
    head, cheng, tail = s.partition(CHENG)
    if cheng and (not tail or tail in CHENG_TAILS):
        tenths = Decimal(1) / 2 if head == HALF else parse_number(head)
        return sign * tidy(tenths * 10 + CHENG_TAILS.get(tail, 0))
    for suffix, power in PERCENT_SUFFIXES.items():
        if s.endswith(suffix):
            return sign * tidy(parse_number(s[: -len(suffix)]).scaleb(power))
    raise ValueError(f"not a percentage: {text!r}")


# Percent = number x 10^power. The figure grammar in rules/figures.yaml lists the same markers
# with the same powers (a test checks they agree).
PERCENT_SUFFIXES: dict[str, int] = {"%": 0, "‰": -1}
POINT_SUFFIXES = ("个百分点", "個百分點", "百分点", "百分點")
# 成 counts tenths; 三成半 is 35 %, 七成六 76 %, 半成 5 %.
CHENG = "成"
HALF = "半"
CHENG_TAILS: dict[str, Decimal] = {HALF: Decimal(5)} | {
    ch: Decimal(v) for ch, v in DIGITS.items() if v
}
