"""Candidate generators: platform forms (…互助), quoted platforms and insurance products."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extract.orgs.grammar import ProductForm
from extract.orgs.lexicon import Org, OrgMention, alias_key, unknown_org_id, with_org
from extract.orgs.scan import SENTENCE_ENDS, all_han, covered_chars, is_han


class PlatformNames:
    """Platform and product candidates (a mixin of `OrgRecogniser`)."""

    # --- platform forms -------------------------------------------------------------------

    def _platform_candidates(self, text: str, gaz: list[OrgMention]) -> Iterator[OrgMention]:
        covered = covered_chars(gaz)
        after = self._platform_cues_after
        for m in self._platform_re.finditer(text):
            at = m.start()
            if at in covered:
                continue
            if not text.startswith(after, m.end()) and not self._platform_cue_re.search(
                text, max(0, at - 12), at
            ):
                continue  # no cue can stand next to any stem (the test `_cued` makes below)
            start = self._stem_start(text, m.start(), {})
            stem = text[start : m.start()]
            if not 2 <= len(stem) <= 4 or not covered.isdisjoint(range(start, m.end())):
                continue
            if self._generic_end.search(stem):
                continue  # 网络互助, 南昌惠民保: a kind of scheme, not a platform
            if not self._cued(text, start, m.end(), self.rules.platform_cues):
                continue
            name = stem + m.group()
            yield OrgMention(
                start,
                m.end(),
                Org(unknown_org_id(name), name, "platform", None),
                "org.platform_form",
            )

    def _quoted_platforms(self, text: str, gaz: list[OrgMention]) -> Iterator[OrgMention]:
        covered = covered_chars(gaz)
        qp = self.rules.quoted_platform
        for m in self._quoted_re.finditer(text):
            name = m.group(1)
            if not covered.isdisjoint(range(m.start(1), m.end(1))):
                continue
            if not is_han(name[0]) or name.endswith(tuple(qp.not_endings)):
                continue
            if self._generic_re.fullmatch(name) or not self._quote_is_platform(text, m):
                continue
            org = Org(unknown_org_id(name), name, "platform", None)
            yield OrgMention(m.start(1), m.end(1), org, "org.quoted_platform")

    def _quote_is_platform(self, text: str, m: re.Match[str]) -> bool:
        """“链上公益”平台; 慈善平台「爱心速递」 (no 功能/口号 after it); 「暖流募资」昨日公布 (the
        quote opens its clause)."""
        qp = self.rules.quoted_platform
        if text.startswith(tuple(qp.platform_words), m.end()):
            return True
        if m.group(1).endswith(self._not_platform_endings):
            return False  # “互联网医院”, “惠民保”: the suffix and product rules' business
        before = text[max(0, m.start() - 8) : m.start()]
        if before.endswith(tuple(qp.cues_before)):
            return not text.startswith(tuple(qp.not_followed_by), m.end())
        opens_clause = m.start() == 0 or text[m.start() - 1] in qp.clause_openers
        if not opens_clause or self._quoted_after_re.match(text, m.end()) is None:
            return False
        lo = max(text.rfind(c, 0, m.start()) for c in SENTENCE_ENDS) + 1
        ends = [i for i in (text.find(c, m.end()) for c in SENTENCE_ENDS) if i >= 0]
        hi = min(ends, default=len(text))
        return bool(
            self._quote_context_re.search(text, lo, m.start())
            or self._quote_context_re.search(text, m.end(), hi)
        )

    # --- insurance products ---------------------------------------------------------------

    def _product_candidates(self, text: str, known: list[OrgMention]) -> Iterator[OrgMention]:
        """Product names; a known name right before the suffix is the whole stem (水滴健康保)."""
        known_at = {m.end: m.start for m in known}
        for m in self._product_re.finditer(text):
            form = self._product_form[m.group()]
            start = known_at.get(m.start())
            if start is None:
                start = self._stem_start(text, m.start(), {})
            if self._product_stem(text[start : m.start()], form):
                yield from self._product(text, start, m.end())
        for m in self._product_year_re.finditer(text):
            yield from self._product(text, m.start(1), m.end(1))

    def _product_stem(self, stem: str, form: ProductForm) -> bool:
        """南昌(惠民保), 齐(惠保), 水滴(健康保); not 全国(惠民保), 普(惠保), 商业(健康保)."""
        ip = self.rules.insurance_products
        if not stem or not all_han(stem):
            return False
        if form.stem == "place":
            place = self._place_re.fullmatch(stem)
            return place is not None and stem.rstrip(self.rules.place_suffix_chars) not in (
                ip.not_places
            )
        return (
            form.min_stem <= len(stem) <= form.max_stem
            and stem[-1] not in ip.stem_not
            and not self._generic_re.fullmatch(stem)
        )

    def _product(self, text: str, start: int, end: int) -> Iterator[OrgMention]:
        """A product name with an insurance word near it; its parent from a known name inside."""
        reach = self.rules.insurance_products.context_chars
        if not (
            self._product_context.search(text, max(0, start - reach), start)
            or self._product_context.search(text, end, end + reach)
        ):
            return
        name = "".join(text[start:end].split())
        owner = next(
            (
                self._aliases[alias_key(name[:k])]
                for k in range(len(name) - 2, 1, -1)
                if alias_key(name[:k]) in self._aliases
            ),
            None,
        )
        parent = self._root[owner.org_id] if owner is not None else None
        org = Org(unknown_org_id(name), name, "insurance_product", parent)
        yield OrgMention(start, end, org, "org.product")

    def _merged_products(self, chosen: list[OrgMention]) -> list[OrgMention]:
        """Names of one product merge: 齐惠保 and 淄博齐惠保 (a place in front); 淄博惠民保, the
        city's scheme, and the one product of that city the document names."""
        products = [m.org for m in chosen if m.rule == "org.product"]
        if not products:
            return chosen
        schemes = {f.suffix for f in self.rules.insurance_products.forms if f.stem == "place"}

        def key(name: str) -> str:
            core = self._product_core(name)[1]
            return name if core in schemes else core

        by_key: dict[str, Org] = {}
        for org in sorted(products, key=lambda o: -len(o.name)):
            by_key.setdefault(key(org.name), org)
        canonical = {o.name: by_key[key(o.name)] for o in products}
        for name in canonical:
            place, core = self._product_core(name)
            if place and core in schemes:
                named = {
                    o.org_id: o
                    for o in by_key.values()
                    if o.name.startswith(place) and self._product_core(o.name)[1] not in schemes
                }
                if len(named) == 1:
                    canonical[name] = next(iter(named.values()))
        return [
            with_org(m, canonical[m.org.name]) if m.rule == "org.product" else m for m in chosen
        ]

    def _product_core(self, name: str) -> tuple[str, str]:
        """A product name as (leading place, the rest): 淄博齐惠保 -> (淄博, 齐惠保)."""
        place = self._place_re.match(name)
        if place is None or len(name) - place.end() < 2:
            return "", name
        return place.group().rstrip(self.rules.place_suffix_chars), name[place.end() :]
