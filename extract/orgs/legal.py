"""Full legal names (org_identity.yaml `legal_names`): one identity with the known short form.

众安在线财产保险股份有限公司 and 众安保险 are one insurer, so facts linked to either match; a
subsidiary (众安科技有限公司) or a branch (…股份有限公司澄州市分公司) is its own organisation
with the known one as parent; an unknown legal name gets its canonical name by one rule
(`legal_canonical`).
"""

from __future__ import annotations

import re

from pydantic import Field

from extract.orgs.lexicon import Org, OrgMention, OrgType, alias_key, unknown_org_id, with_org
from extract.orgs.scan import alternation, covered_chars, latin_bounded, squeezed
from extract.rules import RulesModel

_BRACKETS = str.maketrans({"(": "（", ")": "）"})


class DefinedNameRules(RulesModel):
    words: list[str] = Field(min_length=1)
    quotes: list[tuple[str, str]] = Field(min_length=1)
    max_trailing_chars: int = Field(ge=0)
    max_chars: int = Field(ge=2)
    min_shared_chars: int = Field(ge=1)
    not_names: list[str]
    not_first: list[str]
    not_types: list[OrgType]


class LegalNameRules(RulesModel):
    forms: list[str] = Field(min_length=1)
    descriptors: dict[OrgType, list[str]]
    min_alias_chars: int = Field(ge=1)
    defined_names: DefinedNameRules


def legal_canonical(name: str) -> str:
    """An unknown legal name's canonical name: no whitespace, ASCII brackets full-width (the
    text is already the Simplified view)."""
    return "".join(name.split()).translate(_BRACKETS)


class LegalNames:
    """Legal names resolved to known organisations (a mixin of `OrgRecogniser`)."""

    def _compile_legal(self, r: LegalNameRules, spellings: dict[str, set[str]]) -> None:
        """`spellings`: every gazetteer spelling's alias key, with the ids that write it."""
        self._legal = r
        forms = sorted({legal_canonical(f) for f in r.forms}, key=len, reverse=True)
        self._legal_forms = tuple(forms)
        bracketed = [f for f in forms if f.startswith("（")]
        pattern = alternation(bracketed).replace("（", "[（(]").replace("）", "[）)]")
        self._bracketed_form_re = re.compile(pattern)
        self._descriptors = {t: frozenset(words) for t, words in r.descriptors.items()}
        words = {d for w in r.descriptors.values() for d in w}
        self._all_descriptors = sorted(words, key=len, reverse=True)
        self._compile_defined(r.defined_names)
        self._branch_tail_re = re.compile(f"(?:{alternation(self.identity.branch_units)})$")
        self._unique_short = frozenset(
            k
            for k, a in self._aliases.items()
            if a.kind == "short"
            and all(
                self._root[i] == self._root[a.org_id]
                for key, ids in spellings.items()
                if key.startswith(k)
                for i in ids
            )
        )  # 水滴 starts only names of 水滴公司's family; 平安 also 平安银行's, still one family

    def _legal_names(self, text: str, chosen: list[OrgMention]) -> list[OrgMention]:
        """Extend a known name over a bracketed form (中国平安保险（集团）股份有限公司), then give
        each legal name the identity of the organisation its stem names."""
        extended = [self._over_form(text, m) for m in chosen]
        spans = [(e.end, m.end) for e, m in zip(extended, chosen, strict=True) if e is not m]
        return [
            self._legal_identity(m)
            for m in extended
            if not any(start <= m.start < end for end, start in spans)
        ]

    def _compile_defined(self, d: DefinedNameRules) -> None:
        self._defined = d
        quotes = re.escape("".join(q for pair in d.quotes for q in pair))
        opens = "[" + re.escape("".join(q[0] for q in d.quotes)) + "]"
        closes = "[" + re.escape("".join(q[1] for q in d.quotes)) + "]"
        self._defined_re = re.compile(
            rf"\s*[（(]\s*(?:(?:{alternation(d.words)})\s*[:：]?\s*)?{opens}"
            rf"([^\s{quotes}，。；、,;:：（）()]{{2,{d.max_chars}}}){closes}"
            rf"[^）)\n]{{0,{d.max_trailing_chars}}}[）)]"
        )

    def _defined_names(self, text: str, chosen: list[OrgMention]) -> list[OrgMention]:
        """安屿科技股份有限公司（以下简称“安屿科技”）: the short name an article defines right
        after an organisation's name is that organisation wherever it stands, named in full;
        never a name the gazetteer gives another organisation, nor one defined for a product."""
        defined: dict[str, Org] = {}
        for m in chosen:
            if m.org.org_type in self._defined.not_types:
                continue
            d = self._defined_re.match(text, m.end)
            if d is None or not self._definable(d.group(1), m.org):
                continue
            defined.setdefault(d.group(1), m.org)
        if not defined:
            return chosen
        out = [with_org(m, defined.get(squeezed(text, m), m.org)) for m in chosen]
        covered = covered_chars(out)
        for hit in re.finditer(alternation(defined), text):
            start, end = hit.span()
            if not covered.isdisjoint(range(start, end)) or not latin_bounded(text, start, end):
                continue
            out.append(OrgMention(start, end, defined[hit.group()], "org.defined"))
            covered.update(range(start, end))
        return sorted(out, key=lambda m: m.start)

    def _definable(self, short: str, org: Org) -> bool:
        d = self._defined
        known = self._aliases.get(alias_key(short))
        return (
            short not in d.not_names
            and not short.startswith(tuple(d.not_first))
            and len(set(short) & set(org.name)) >= d.min_shared_chars
            and (known is None or known.org_id == org.org_id)
        )

    def _over_form(self, text: str, m: OrgMention) -> OrgMention:
        if not text.startswith(("（", "("), m.end):
            return m  # every bracketed form opens with a bracket: no regex call
        form = self._bracketed_form_re.match(text, m.end)
        if form is None or not (m.org.org_id in self.orgs or m.rule == "org.suffix"):
            return m
        org = m.org
        if org.org_id not in self.orgs:  # 明远保险(集团)股份有限公司: the suffix stopped at "("
            name = legal_canonical(text[m.start : form.end()])
            org = Org(unknown_org_id(name), name, self.type_from_suffix(name), org.parent)
        return OrgMention(m.start, form.end(), org, m.rule, m.passes)

    def _legal_identity(self, m: OrgMention) -> OrgMention:
        if m.org.org_id in self.orgs or m.rule not in ("org.suffix", "org.model"):
            return m
        name = legal_canonical(m.org.name)
        ends = (
            [f for f in self._legal_forms if name.endswith(f) and len(name) > len(f)]
            if name.endswith(self._legal_forms)
            else []
        )
        if ends:
            found = [self._stem_identity(name[: -len(f)]) for f in ends]
            known = next((k for k, same in found if same), None)
            if known is not None:
                return with_org(m, known)
            parent = next((k.org_id for k, _ in found if k is not None), m.org.parent)
            return with_org(m, Org(unknown_org_id(name), name, m.org.org_type, parent))
        if self._branch_tail_re.search(name) is None:
            return m
        for form in self._legal_forms:  # …股份有限公司澄州市分公司: a branch of the legal name
            at = name.rfind(form)
            if at > 0:
                known, same = self._stem_identity(name[:at])
                legal = name[: at + len(form)]
                parent = known.org_id if known is not None and same else unknown_org_id(legal)
                return with_org(m, Org(unknown_org_id(name), name, m.org.org_type, parent))
        return m

    def _stem_identity(self, stem: str) -> tuple[Org | None, bool]:
        """The known organisation a legal stem names (True) or starts with (False: a subsidiary)."""
        stems = [stem]
        place = self._place_re.match(stem)
        if place is not None and not stem.startswith(tuple(self._countries)):
            stems.append(stem[place.end() :])  # 北京, 中国; never 香港: part of the identity
        for s in stems:
            known = self._named(s) or next(
                (
                    k
                    for d in self._all_descriptors
                    if s.endswith(d)
                    and len(s) > len(d)
                    and (k := self._named(s[: -len(d)])) is not None
                    and d in self._descriptors.get(k.org_type, ())
                ),
                None,
            )
            if known is not None:
                return known, True
        for s in stems:
            for n in range(len(s) - 1, self._legal.min_alias_chars - 1, -1):
                alias = self._aliases.get(alias_key(s[:n]))
                if alias is not None and alias.kind == "alias":
                    return self.orgs[alias.org_id], False
        return None, False

    def _named(self, stem: str) -> Org | None:
        """A gazetteer name or alias, or a short form that names one family only."""
        key = alias_key(stem)
        alias = self._aliases.get(key)
        if alias is None or not (alias.kind == "alias" or key in self._unique_short):
            return None
        return self.orgs[alias.org_id]
