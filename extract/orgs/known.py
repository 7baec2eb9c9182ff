"""Candidate generator: names of the gazetteer, their brand phrases, short forms and initials."""

from __future__ import annotations

from extract.orgs.lexicon import Org, OrgMention, alias_key
from extract.orgs.scan import ASCII_WORD, is_han, is_title, quoted_part, short_han, squeezed


class KnownNames:
    """Gazetteer candidates (a mixin of `OrgRecogniser`)."""

    # --- gazetteer ------------------------------------------------------------------------

    def _gazetteer_matches(self, text: str) -> tuple[list[OrgMention], list[OrgMention]]:
        found: list[OrgMention] = []
        shorts: list[OrgMention] = []
        ends: set[int] = set()
        for m in self._gazetteer.finditer(text):
            name = m.group()
            start, end = m.span()
            org, kind, short = self._written(name)
            if kind == "short":
                shorts.append(OrgMention(start, end, org, "org.short_form"))
                continue
            if kind == "title" and not is_title(text, start, end):
                continue
            if not self._sports_cued(text, name, start, end):
                continue  # 利物浦, 罗马 name a club only in a match report
            mention = OrgMention(start, end, org, "org.gazetteer")
            if self._blocked_after(text, name, end) and not self._dateline(text, mention):
                continue  # 民政部门 is no 民政部, 中国银行业 no 中国银行
            if short and not self._left_open(text, start, ends):
                # 京东 in 北京东路, 众安 in 群众安全: kept only if the document names the family
                shorts.append(OrgMention(start, end, org, "org.weak_alias"))
                continue
            found.append(mention)
            ends.add(end)
        return found, shorts

    def _brand_phrases(
        self, text: str, gaz: list[OrgMention], shorts: list[OrgMention]
    ) -> tuple[list[OrgMention], list[OrgMention]]:
        """蚂蚁相互保, 腾讯微信: a company's short name (two characters) right before one of its own
        products is one mention of the product."""
        child_at = {m.start: m for m in gaz}
        merged: dict[int, OrgMention] = {}  # by the child's start
        prefixes: set[int] = set()
        for p in [*gaz, *shorts]:
            if self.orgs[p.org.org_id].parent is not None or len(squeezed(text, p)) > 2:
                continue
            at = p.end + 1 if text[p.end : p.end + 1] in (" ", "\t", "\u3000") else p.end
            child = child_at.get(at)
            if child is None or child.org.org_id == p.org.org_id:
                continue
            if self._root[child.org.org_id] != p.org.org_id:
                continue
            merged[child.start] = OrgMention(p.start, child.end, child.org, child.rule)
            prefixes.add(p.start)
        if not merged:
            return gaz, shorts
        gaz = sorted(
            [merged.get(m.start, m) for m in gaz if m.start not in prefixes],
            key=lambda m: m.start,
        )
        return gaz, [m for m in shorts if m.start not in prefixes]

    def _written(self, name: str) -> tuple[Org, str, bool]:
        """The organisation a name as written names, its alias kind and whether it is a short
        Han name (memoised: alias_key converts scripts)."""
        known = self._alias_written.get(name)
        if known is None:
            alias = self._aliases[alias_key(name)]
            known = (self.orgs[alias.org_id], alias.kind, short_han(name))
            self._alias_written[name] = known
        return known

    def _blocked_after(self, text: str, name: str, end: int) -> bool:
        blocked = self._blocked_next.get(name)
        if blocked is None:
            suffix = next((s for s in self._suffixes_by_length if name.endswith(s)), None)
            blocked = tuple(self._suffix[suffix].blocked_next) if suffix is not None else ()
            self._blocked_next[name] = blocked
        return bool(blocked) and text.startswith(blocked, end)

    def _sports_cued(self, text: str, name: str, start: int, end: int) -> bool:
        """A club named after its town needs a match word near it (主场, 盘口, 联赛 ...)."""
        sports = self._sports_written.get(name)
        if sports is None:
            sports = self._sports_written[name] = alias_key(name) in self._sports_names
        if not sports:
            return True
        window = self.rules.sports_names.window_chars
        lo, hi = max(0, start - window), min(len(text), end + window)
        return self._sports_cue_re.search(text, lo, hi) is not None

    def _dateline(self, text: str, m: OrgMention) -> bool:
        """新华网上海2月19日电: an outlet before a dateline's place (网上 is no word there)."""
        return m.org.org_type == "media" and self._place_list_re.match(text, m.end) is not None

    def _left_open(self, text: str, start: int, org_ends: set[int]) -> bool:
        """A name may start here: not inside a word (start, punctuation, a stop word, an org)."""
        if start == 0 or start in org_ends:
            return True
        ch = text[start - 1]
        lb = self.rules.left_boundary
        if not is_han(ch):
            return not ASCII_WORD.match(ch)
        if ch in lb.stop_chars or ch in lb.conjunctions:
            return True
        if ch in lb.date_marks and start >= 2 and text[start - 2].isdigit():
            return True  # 12月央行: a date ends right before the name
        return any(
            e == start for _, e in self._boundary_words.spans(text, max(0, start - 6), start)
        )

    def _supported_short_forms(
        self, text: str, shorts: list[OrgMention], chosen: list[OrgMention]
    ) -> list[OrgMention]:
        """水滴 is 水滴公司 when the document names its family outright and the context fits."""
        families = {self._root.get(m.org.org_id) for m in chosen if m.rule == "org.gazetteer"}
        ends = {m.end for m in chosen}
        starts = {m.start for m in chosen}
        listed = self._enumerated(text, shorts, chosen)
        kept = []
        for m in shorts:
            if id(m) not in listed and self._root[m.org.org_id] not in families:
                continue
            if m.rule == "org.weak_alias":
                kept.append(OrgMention(m.start, m.end, m.org, "org.gazetteer"))
                continue
            if id(m) in listed:
                kept.append(m)
                continue
            if quoted_part(text, m.start, m.end):
                continue  # 「水滴行者」 is a product name, not the company
            if self._right_open(text, m.end, starts) and self._left_open(text, m.start, ends):
                kept.append(m)
        return kept

    def _right_open(self, text: str, end: int, starts: set[int]) -> bool:
        """A short form may end here: the text, a function character or word, or a mention."""
        sf = self.rules.short_forms
        return (
            end == len(text)
            or text[end] in sf.next_chars
            or text.startswith(tuple(sf.next_words), end)
            or end in starts
        )

    def _enumerated(
        self, text: str, shorts: list[OrgMention], chosen: list[OrgMention]
    ) -> set[int]:
        """中信、兴业、民生、光大、招行: short forms in a list whose every item is an organisation
        (two or more, joined by a list separator, the list not inside a word: 发扬光大、民生改善)
        name their organisations (ids of `shorts`)."""
        seps = self.rules.short_forms.list_separators
        items = sorted([*chosen, *shorts], key=lambda m: (m.start, -m.end))
        is_short = {id(m) for m in shorts}
        ends = {m.end for m in chosen}
        starts = {m.start for m in chosen}
        listed: set[int] = set()
        run: list[OrgMention] = []
        for m in [*items, None]:
            if m is not None and run and m.start < run[-1].end:
                continue  # a short form inside a mention already in the run
            if m is not None and run and m.start == run[-1].end + 1 and text[run[-1].end] in seps:
                run.append(m)
                continue
            if run and id(run[0]) in is_short and not self._left_open(text, run[0].start, ends):
                run.pop(0)
            if run and id(run[-1]) in is_short and not self._right_open(text, run[-1].end, starts):
                run.pop()
            if len(run) > 1:
                listed.update(id(x) for x in run)
            run = [m] if m is not None else []
        return listed

    def _initial_lists(self, text: str) -> list[OrgMention]:
        """工、农、中、建四大行: each initial of a list of them names its organisation."""
        found = []
        for m in self._initials_re.finditer(text):
            if not self._left_open(text, m.start(), set()):
                continue  # 员工、农、中: the first initial ends a word
            for at in range(m.start(), m.end(), 2):  # an initial, then a separator
                org = self.orgs[self._initials[text[at]]]
                found.append(OrgMention(at, at + 1, org, "org.initial"))
        return found
