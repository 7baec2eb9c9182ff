"""Candidate generator: unknown names by suffix (…基金会, …保险公司), their stems and boundaries."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from extract.orgs.grammar import Cues, SuffixRule
from extract.orgs.lexicon import Org, OrgMention, unknown_org_id
from extract.orgs.scan import WordBounds, all_han, in_title, is_han

# Types whose names prefix a department's (银保监会打非局, 南开大学...学院); a platform's do not.
HAS_UNITS = frozenset(
    {
        "regulator",
        "government",
        "court",
        "company",
        "university",
        "research",
        "association",
        "insurer",
        "bank",
        "securities_firm",
        "hospital",
        "international",
        "foundation",
    }
)


class SuffixNames:
    """Suffix-rule candidates (a mixin of `OrgRecogniser`)."""

    # --- unknown organisations by suffix ----------------------------------------------------

    def _suffix_candidates(
        self,
        text: str,
        gaz: list[OrgMention],
        gaz_starts: list[int],
        titles: list[tuple[int, int]],
        words: WordBounds | None,
    ) -> Iterator[OrgMention]:
        gaz_ends = {m.end: m for m in gaz}
        people = self._person_names(text)
        for m in self._suffix_re.finditer(text):
            rule = self._suffix[m.group()]
            if rule.not_after_digit and m.start() > 0 and text[m.start() - 1].isdigit():
                continue
            if rule.needs == "media_cue" and not self._may_be_cued(text, m.start(), m.end()):
                continue  # 网 and 报 are mostly words (上网, 报名): test the cue before the walk
            if rule.needs == "place_or_org" and not self._may_be_led(text, m.start(), gaz_starts):
                continue  # 部, 局 and 厅 are mostly words (格局, 头部): test for a place first
            inner = gaz_ends.get(m.start())
            if inner is not None and inner.org.org_type in ("platform", "media"):
                continue  # 水滴筹医院扫楼: a platform and a noun, not a hospital
            stem_end = self._before_bracketed_place(text, m) if rule.legal_place else m.start()
            start = self._stem_start(text, stem_end, gaz_ends, words)
            person = next(
                (
                    p
                    for n in (3, 2)
                    if start + n < stem_end and (p := text[start : start + n]) in people
                ),
                "",
            )
            start += len(person)  # a title's name, never the suffix itself (委员会委员开彦)
            starts = [start, *(words.name_starts(start, stem_end) if words else ())]
            at = next(
                (
                    s
                    for s in starts
                    if self._stem_accepted(text, s, m, rule, gaz, gaz_starts, titles, stem_end)
                ),
                None,
            )
            kind = "org.suffix"
            if at is None and self._local_stem(text[start:stem_end], rule, m.group()):
                at, kind = start, "org.local"  # 市民政局: kept only if the document names a city
            if at is None or (rule.not_after_org and inner is not None and inner.start == at):
                continue
            name = "".join(text[at : m.end()].split())
            org = Org(unknown_org_id(name), name, rule.org_type, None)
            yield OrgMention(at, m.end(), org, kind)

    def _before_bracketed_place(self, text: str, m: re.Match[str]) -> int:
        """携程计算机技术（上海）有限公司: a legal form after a bracketed place; the stem ends
        before the bracket (else the stem ends at the suffix)."""
        bracket = self._bracketed_place_re.match(text, 0, m.start())
        return bracket.start() if bracket is not None else m.start()

    def _local_stem(self, stem: str, rule: SuffixRule, suffix: str) -> bool:
        """市(民政)局, 县卫健委, 区政府: a local prefix and a short generic unit, no 市场监管局 or
        bare 市局; such a name needs a place of the document to resolve it (see `_localised`)."""
        return (
            rule.place_only
            and bool(stem)
            and stem[0] in self.rules.local_prefix_chars
            and len(stem) + len(suffix) >= 3
            and len(stem) <= self.rules.max_free_stem_chars
            and all_han(stem)
            and not stem.startswith(tuple(self.rules.local_prefix_not))
        )

    def _stem_accepted(
        self,
        text: str,
        start: int,
        m: re.Match[str],
        rule: SuffixRule,
        gaz: list[OrgMention],
        gaz_starts: list[int],
        titles: list[tuple[int, int]],
        stem_end: int,
    ) -> bool:
        """Whether `text[start:stem_end]` is the stem of a name with suffix `m`."""
        stem = text[start:stem_end]
        if len(stem) < self.rules.min_stem_chars:
            return False
        if stem.endswith(tuple(rule.stem_not_ending)) or any(
            w in stem for w in rule.stem_not_containing
        ):
            return False  # 城市定制型商业医疗保险: a kind of cover, not an insurer
        if not self._stem_names_someone(stem, rule.place_only) and not (
            rule.titled_generic and self._title_words.match(text, m.end())
        ):
            return False
        inside = gaz[bisect_left(gaz_starts, start) : bisect_left(gaz_starts, stem_end)]
        free = rule.max_free_stem_chars or self.rules.max_free_stem_chars
        if len(stem) > free and not (
            self._place_re.match(stem)
            or any(g.start == start for g in inside)
            or self._nested(stem)
        ):
            return False  # a long run without a place or known name in front is a clause
        led = self._place_re.match(stem) or any(g.org.org_type in HAS_UNITS for g in inside)
        if rule.needs == "place_or_org" and not led:
            return False
        if rule.kind_needs_place and not led and self._generic_end.search(stem):
            return False  # 意味着商业银行, 防止外国银行: a kind of bank after a verb
        if (
            rule.needs == "media_cue"
            and not self._cued(text, start, m.end(), self.rules.media_cues, skip=":：")
            and (start, m.end()) not in titles
        ):
            return False
        # 《个人大病求助互联网服务平台自律公约》 is a document, 《东海晨报》 an outlet
        return not in_title(titles, start, m.end()) or (
            rule.org_type == "media" and (start, m.end()) in titles
        )

    def _person_names(self, text: str) -> set[str]:
        """Two- and three-character runs right after a person's title."""
        names = set()
        for m in self._title_words.finditer(text):
            run = text[m.end() : m.end() + 3]
            names.update(run[:n] for n in (2, 3) if len(run) >= n and all_han(run[:n]))
        return names

    def _stem_start(
        self,
        text: str,
        end: int,
        gaz_ends: dict[int, OrgMention],
        words: WordBounds | None = None,
    ) -> int:
        """Walk left from the suffix to the nearest boundary; known names are crossed whole.

        With `words`, a stop character inside a longer word (都 of 南都晨报) does not stop the walk,
        unless that word is generic (在 of 所在).
        """
        lb = self.rules.left_boundary
        limit = max(0, end - self.rules.max_name_chars)
        if past := self._name_run_re.match(text, limit, end):
            limit = past.end()  # the walk stops at punctuation anyway
        boundary = list(self._boundary_words.spans(text, limit, end))
        protected: set[int] = set()
        if boundary or self._walk_stop_re.search(text, limit, end):  # else nothing to protect
            for s, e in self._protected.spans(text, limit, end):
                protected.update(range(s, e))
        word_ends = {
            e
            for s, e in boundary
            if (not protected or protected.isdisjoint(range(s, e)))
            and not (e == end and self._generic_re.fullmatch(text, s, e))
        }  # 投资 of 地产投资有限公司 is the trade, not the verb that ends a name
        tests = sorted(word_ends, reverse=True)  # word ends, the nearest first
        i = end
        while i > limit:
            # skip to where a test can stop the walk: a word's end or a character of a test
            stop = self._walk_test_re.search(text, limit, i)
            i = max(stop.end() if stop else limit, next((e for e in tests if e <= i), limit))
            if i <= limit or i in word_ends:
                break
            ch = text[i - 1]  # a Han character, letter or digit: see _name_run_re
            if (
                ch in lb.stop_chars
                and i - 1 not in protected
                and not (words and self._in_name_word(text, words, i - 1))
            ):
                break
            if (
                ch in lb.conjunctions
                and i - 1 not in protected
                and self._conjunction_breaks(text, i - 1, end, gaz_ends)
            ):
                break
            before = text[i - 2] if i >= 2 else ""
            if (
                ch in lb.measure_words
                and before
                and before in lb.numerals + lb.stop_chars
                and i - 1 not in protected
            ):
                break  # 93家, 一款, 这种: counted things start after the measure word
            if (
                ch in lb.indefinite
                and before not in lb.ordinal_marks
                and (i == end or self._generic_re.fullmatch(text, i, end))
            ):
                break  # 上海一银行, 北京一大型银行: a count of a kind, no name (第一银行 is one)
            if (
                ch in lb.conjunctions
                and i == end
                and (
                    ch in lb.closing_conjunctions
                    or self._generic_end.search(text, max(0, i - 5), i - 1)
                )
            ):
                break  # 公益和保险, 校方与银行, not 鼎和保险: a conjunction, then the suffix
            if ch in lb.date_marks and before.isdigit():
                break  # 2024年, 2023版: a date or edition ends a name
            i -= 1
        while i < end and text[i].isdigit():
            i += 1  # 2020珠宝行业协会: a year, not part of the name
        if end - i > self.rules.max_free_stem_chars and not self._place_re.match(text, i, end):
            i = self._inner_place(text, i, end, gaz_ends)
        if not self._place_re.match(text, i, end):
            inner = self._place_list_re.search(text, i + 1, min(end, i + 4))
            if (
                inner
                and inner.group() not in self._brand_places
                and not any(i <= g < inner.start() for g in gaz_ends)
            ):
                i = inner.start()  # 送往北京安贞医院: the name starts at the place
        return i

    def _inner_place(self, text: str, i: int, end: int, gaz_ends: dict[int, OrgMention]) -> int:
        """一盘口状态下英国必发公司, 中国人寿参股深圳市商业银行: a stem too long to be a name
        starts at a place (or country) inside it, unless a known name leads it straight into
        the place (中国人民银行宁波市中心支行 is one name)."""
        if self._any_place_re.match(text, i, end):
            return i
        for place in self._any_place_re.finditer(text, i + 1, end - 1):
            at = place.start()
            if at in gaz_ends or any(g.start < at < g.end for g in gaz_ends.values()):
                continue  # 人民银行宁波市中心支行; a place inside a known name
            if text.endswith(self._org_endings, i, at) or self._generic_end.search(text, i, at):
                continue  # 宝钢集团上海梅山有限公司, 华远地产北京城市公司: a unit's place
            if self._generic_re.fullmatch(text, place.end(), end):
                continue  # 暴雪娱乐韩国分公司: the place names a branch of what stands before
            if place.group() in self._brand_places:
                continue  # 交银国际, 新加坡政府投资公司: a word of the name, not its place
            return at
        return i

    def _in_name_word(self, text: str, words: WordBounds, pos: int) -> bool:
        """`pos` lies in a word of two or more characters, no generic one (南都, not 所在)."""
        start, end = words.word_at(pos)
        return end - start > 1 and not self._generic_re.fullmatch(text, start, end)

    def _conjunction_breaks(
        self, text: str, at: int, end: int, gaz_ends: dict[int, OrgMention]
    ) -> bool:
        left = text[max(0, at - 6) : at]
        return (
            at == 0
            or not is_han(text[at - 1])  # 与韩亚银行 opening a clause: a preposition
            or at in gaz_ends
            or left.endswith(self._org_endings)
            or bool(self._place_re.match(text, at + 1, end))
            or (at + 2 < end and text[at + 1] in self.rules.local_prefix_chars)
            or (
                end - at > self.rules.min_stem_chars
                and self._stem_names_someone(text[at + 1 : end], place_only=False)
                and not self._generic_end.search(text, max(0, at - 5), at)
            )  # 与首尔银行; not 中国保险与养老金研究中心, two generic nouns of one name
        )

    def _stem_names_someone(self, stem: str, place_only: bool) -> bool:
        """Generic words name no one (网络公司) unless a place leads them (中国保险行业协会)."""
        place = self._place_re.match(stem)
        if place and self._generic_end.search(place.group()):
            place = None  # 大城市, 上市: not places
        rest = stem[place.end() :] if place else stem
        if not rest:
            return place_only
        return bool(place) or not self._generic_re.fullmatch(rest)

    def _nested(self, stem: str) -> bool:
        """明德大学社会保障(研究中心): an organisation's name, then a short unit name."""
        for ending in self._org_endings:
            at = stem.rfind(ending)
            if at > 0:
                inner, rest = stem[:at], stem[at + len(ending) :]
                if rest and len(rest) <= self.rules.max_free_stem_chars:
                    return self._stem_names_someone(inner, place_only=False)
        return False

    def _may_be_cued(self, text: str, at: int, end: int) -> bool:
        """Whether a media cue or a title's end can stand next to any stem ending at `at`."""
        reach = self.rules.max_name_chars + 8  # the longest stem, then `_cued`'s window
        return (
            text.startswith(self._media_cues_after, end)
            or self._media_cue_re.search(text, max(0, at - reach), at) is not None
        )

    def _may_be_led(self, text: str, at: int, gaz_starts: list[int]) -> bool:
        """Whether a place or a known name can lead any stem ending at `at`."""
        lo = max(0, at - self.rules.max_name_chars)
        return self._place_char_re.search(text, lo, at) is not None or bisect_left(
            gaz_starts, lo
        ) < bisect_left(gaz_starts, at)

    def _cued(self, text: str, start: int, end: int, cues: Cues, skip: str = "") -> bool:
        before = text[max(0, start - 8) : start].rstrip(skip + " ")
        return before.endswith(tuple(cues.before)) or text.startswith(tuple(cues.after), end)
