"""Named resolution passes over the chosen mentions: parents, merges, local names, furniture."""

from __future__ import annotations

import re
from bisect import bisect_left

from extract.orgs.lexicon import Org, OrgMention, unknown_org_id, with_org
from extract.orgs.scan import SENTENCE_ENDS, all_han, alternation, covered_chars

# generators whose longer name is another organisation than the known name it ends with
_OWN_IDENTITY = ("org.gazetteer", "org.prefixed")


class ResolutionPasses:
    """Resolution passes (a mixin of `OrgRecogniser`)."""

    # --- resolution -------------------------------------------------------------------------

    def _drop_context_extensions(
        self, text: str, candidates: list[OrgMention], gaz: list[OrgMention]
    ) -> list[OrgMention]:
        """A suffix name that only adds context to a known name (2020年轻松集团) is the known name;
        one that adds a place (淄博市医保局) is another organisation."""
        by_end = {m.end: m for m in gaz}
        kept = []
        for c in candidates:
            known = by_end.get(c.end)
            if c.rule not in _OWN_IDENTITY and known is not None and known.start >= c.start:
                extra = text[c.start : known.start]
                place = self._place_re.fullmatch(extra)
                if not extra or not place or self._generic_end.search(extra):
                    continue
            kept.append(c)
        return kept

    def _false_name(self, m: OrgMention) -> bool:
        """半年公司, 三家公司, 本年度集团: a stem of time and quantity words names no one, nor does
        a grade of a rating list (“基本合格”的平台)."""
        if m.org.org_id in self.orgs:
            return False
        return (
            m.org.name in self.rules.false_names.grade_words
            or self._false_name_re.fullmatch(m.org.name) is not None
        )

    def _with_parent(
        self, m: OrgMention, gaz: list[OrgMention], gaz_starts: list[int]
    ) -> OrgMention:
        """An unknown name that contains a known one (南开大学周恩来政府管理学院) hangs under it."""
        if m.rule != "org.suffix":
            return m
        window = gaz[bisect_left(gaz_starts, m.start) : bisect_left(gaz_starts, m.end)]
        inner = [g for g in window if g.end < m.end]
        if not inner:
            return m
        parent = max(inner, key=lambda g: (g.end, g.end - g.start)).org.org_id
        return with_org(m, Org(m.org.org_id, m.org.name, m.org.org_type, parent))

    def _propagated(self, text: str, chosen: list[OrgMention]) -> list[OrgMention]:
        """Later mentions of a recognised unknown name, or of its core (春晖博爱 for
        北京春晖博爱公益基金会), name the same organisation."""
        covered = covered_chars(chosen)
        forms: dict[str, Org] = {}
        for m in chosen:
            if m.rule in ("org.platform_form", "org.quoted_platform", "org.suffix", "org.product"):
                forms.setdefault(m.org.name, m.org)
            if m.rule == "org.product":
                forms.setdefault("".join(text[m.start : m.end].split()), m.org)
            if m.rule == "org.suffix":
                core = self._core(m.org.name)
                if core:
                    forms.setdefault(core, m.org)
        found = []
        for form, org in sorted(forms.items(), key=lambda kv: -len(kv[0])):
            for hit in re.finditer(re.escape(form), text):
                if not covered.isdisjoint(range(hit.start(), hit.end())):
                    continue
                found.append(OrgMention(hit.start(), hit.end(), org, "org.propagated"))
                covered.update(range(hit.start(), hit.end()))
        return found

    def _localised(self, text: str, chosen: list[OrgMention]) -> list[OrgMention]:
        """市物业管理协会 is 天津市物业管理协会 when its sentence names 天津市, else when the
        document named one earlier (one name each); 市民政局 with no such place is dropped."""
        chars = tuple(self.rules.local_prefix_chars)  # an empty name starts with none of them
        renamed: dict[str, Org] = {}
        places: list[re.Match[str]] | None = None
        for m in chosen:
            org = m.org
            if org.org_id in renamed or org.org_id in self.orgs or not org.name.startswith(chars):
                continue
            if places is None:
                places = self._document_places(text, chosen)
            place = self._nearest_place(text, places, m.start, m.end, org.name[0])
            if place is not None:
                name = place + org.name[1:]
                renamed[org.org_id] = Org(unknown_org_id(name), name, org.org_type, org.parent)
        return [
            with_org(m, renamed.get(m.org.org_id, m.org))
            for m in chosen
            if m.rule != "org.local" or m.org.org_id in renamed
        ]

    def _document_places(self, text: str, chosen: list[OrgMention]) -> list[re.Match[str]]:
        """Known places with a local suffix (天津市), and the ones the document defines by
        heading a name of a place-led rule (衡川市人民政府, 衡川市民政局 -> 衡川市), in order."""
        defined = set()
        for m in chosen:
            suffix = self._suffix_of(m.org.name) if m.rule == "org.suffix" else None
            if suffix is None or not self._suffix[suffix].place_only:
                continue
            head = self._defined_place_re.match(m.org.name)
            if head and not self._generic_end.search(head.group()):
                defined.add(head.group())
        if not defined:
            return list(self._local_place_re.finditer(text))
        pattern = f"{self._local_place_re.pattern}|{alternation(defined)}"
        return list(re.finditer(pattern, text))

    def _suffix_of(self, name: str) -> str | None:
        """The suffix a suffix-rule name ends with; None once a legal name took a known identity
        (中国人民财产保险股份有限公司 -> 人保财险 keeps the rule, not the suffix)."""
        return next((s for s in self._suffixes_by_length if name.endswith(s)), None)

    @staticmethod
    def _nearest_place(
        text: str, places: list[re.Match[str]], start: int, end: int, suffix: str
    ) -> str | None:
        """The place ending in `suffix` nearest to the name in its sentence, outside it; else
        the nearest one before it in the document."""
        lo = max(text.rfind(c, 0, start) for c in SENTENCE_ENDS) + 1
        ends = [i for i in (text.find(c, end) for c in SENTENCE_ENDS) if i >= 0]
        hi = min(ends, default=len(text))
        fitting = [
            p
            for p in places
            if p.group().endswith(suffix) and (p.end() <= start or p.start() >= end)
        ]
        near = [p for p in fitting if p.start() >= lo and p.end() <= hi]
        if near:
            best = min(near, key=lambda p: start - p.end() if p.end() <= start else p.start() - end)
            return best.group()
        before = [p for p in fitting if p.end() <= start]
        return before[-1].group() if before else None

    def _name_parts(self, name: str) -> tuple[str, str, str, str] | None:
        """An unknown name as (place, core, descriptor, suffix family): 北京星火医疗救助基金会 ->
        (北京, 星火, 医疗救助, 基金会); None when no distinctive core is left."""
        suffix = next((s for s in self._suffixes_by_length if name.endswith(s)), None)
        if suffix is None:
            return None
        stem = name[: -len(suffix)]
        place = self._place_re.match(stem)
        lead = place.group() if place and not self._generic_end.search(place.group()) else ""
        rest = stem[len(lead) :]
        tail = self._generic_tail.search(rest)
        core = rest[: tail.start()] if tail else rest
        if (
            len(core) < self.rules.core_merge.min_core_chars
            or not all_han(core)
            or self._generic_re.fullmatch(core)
        ):
            return None
        family = self.rules.core_merge.suffix_families.get(suffix, suffix)
        return lead, core, rest[len(core) :], family

    def _core_merged(self, chosen: list[OrgMention]) -> list[OrgMention]:
        """星火基金会 (and 北京星火基金会) is 北京星火医疗救助基金会 when that is the one longer
        name of the document with its core and suffix, and holds the place and descriptor it
        keeps."""
        parts = {
            m.org.name: (m.org, p)
            for m in chosen
            if m.rule == "org.suffix" and (p := self._name_parts(m.org.name)) is not None
        }
        if len(parts) < 2:
            return chosen
        target: dict[str, Org] = {}
        for name, (_, (place, core, tail, family)) in sorted(
            parts.items(), key=lambda kv: -len(kv[0])
        ):
            longer = {
                target.get(other, org).org_id: target.get(other, org)
                for other, (org, (o_place, o_core, o_tail, o_family)) in parts.items()
                if len(other) > len(name)
                and (o_core, o_family) == (core, family)
                and place in ("", o_place)
                and tail in o_tail
            }
            if len(longer) == 1:
                target[name] = next(iter(longer.values()))
        if not target:
            return chosen
        return [
            with_org(m, target[m.org.name])
            if m.rule == "org.suffix" and m.org.name in target
            else m
            for m in chosen
        ]

    def _abbreviations_merged(self, chosen: list[OrgMention]) -> list[OrgMention]:
        """温州市医保局 and 温州市医疗保障局 are one organisation, named in full when the document
        writes the full form; 温州 and 温州市 are one place when only one of them has a suffix."""
        groups: dict[tuple[str, str], list[tuple[bool, Org]]] = {}
        for m in chosen:
            if m.org.org_id in self.orgs:
                continue
            for short, full in self._abbreviations:
                for form, is_short in ((full, False), (short, True)):
                    if m.org.name.endswith(form) and len(m.org.name) > len(form):
                        place = m.org.name[: -len(form)]
                        groups.setdefault((place, full), []).append((is_short, m.org))
                        break
                else:
                    continue
                break
        if not groups:
            return chosen
        chars = self.rules.place_suffix_chars
        for place, full in list(groups):
            suffixed = [(place + c, full) for c in chars if (place + c, full) in groups]
            if len(suffixed) == 1:
                groups[suffixed[0]] += groups.pop((place, full))
        canonical: dict[str, Org] = {}
        for members in groups.values():
            best = min(members, key=lambda sm: sm[0])[1]  # a full form, else the first short
            canonical.update((org.org_id, best) for _, org in members)
        return [with_org(m, canonical.get(m.org.org_id, m.org)) for m in chosen]

    def _off_furniture(self, text: str, chosen: list[OrgMention]) -> list[OrgMention]:
        """Names in a footer or header line (版权所有; 联系我们 with 关于我们) are furniture."""
        cues_by_line: dict[tuple[int, int], set[str]] = {}
        for cue in self._furniture_re.finditer(text):
            lo = text.rfind("\n", 0, cue.start()) + 1
            hi = text.find("\n", cue.end())
            cues_by_line.setdefault((lo, len(text) if hi < 0 else hi), set()).add(cue.group())
        lines = [
            (lo, hi)
            for (lo, hi), cues in cues_by_line.items()
            if hi - lo <= self.rules.page_furniture.max_line_chars
            and (len(cues) > 1 or not cues <= self._nav_cues)
        ]
        if not lines:
            return chosen
        return [m for m in chosen if not any(lo <= m.start and m.end <= hi for lo, hi in lines)]

    def _core(self, name: str) -> str | None:
        """The distinctive middle of a name: no leading place, no suffix, no generic tail."""
        suffix = next((s for s in self._suffixes_by_length if name.endswith(s)), None)
        if suffix is None:
            return None
        core = name[: -len(suffix)]
        place = self._place_re.match(core)
        if place:
            core = core[place.end() :]
        tail = self._generic_tail.search(core)
        if tail:
            core = core[: tail.start()]
        if len(core) < 3 or not all_han(core) or self._generic_re.fullmatch(core):
            return None
        return core
