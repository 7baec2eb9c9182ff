"""Identity: regional and foreign bodies (extract/rules/org_identity.yaml), branches of known names.

`IdentityRules` validates the file once. The mixin's generator proposes `prefix + body` names
(美国财政部, 香港证监会, 英国央行) as organisations of their own; its passes hang branches
(光大银行长春分行) under the known organisation and give a unit of a company the company's type
(交通银行深圳分行信用卡部 is a bank's department, not a government one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import regex
from pydantic import Field, model_validator

from extract.orgs.legal import LegalNameRules, legal_canonical
from extract.orgs.lexicon import Org, OrgMention, OrgType, alias_key, unknown_org_id
from extract.orgs.scan import HAN, NameScanner, alternation, han_compile
from extract.rules import RulesModel


class IdentityRules(RulesModel):
    national: list[str] = Field(min_length=1)
    foreign: list[str] = Field(min_length=1)
    regional: list[str] = Field(min_length=1)
    bodies: dict[OrgType, list[str]]
    short_prefix_bodies: list[str]
    branch_units: list[str] = Field(min_length=1)
    branch_depth: int = Field(ge=1)
    branch_types: list[OrgType]
    state_prefixes: list[str]
    state_prefix_types: list[OrgType]
    region_units: list[str]
    region_unit_types: list[OrgType]
    region_blocked_next: list[str]
    unit_types_follow_parent: list[OrgType]
    legal_names: LegalNameRules

    @model_validator(mode="after")
    def _one_type_per_body(self) -> IdentityRules:
        seen: dict[str, str] = {}
        problems = []
        for org_type, words in self.bodies.items():
            for word in words:
                key = alias_key(word)
                if seen.setdefault(key, org_type) != org_type:
                    problems.append(f"bodies.{org_type}: {word!r} is also under {seen[key]}")
        short = {alias_key(w) for w in self.short_prefix_bodies}
        problems += [f"short_prefix_bodies: {w!r} is in no body list" for w in short - set(seen)]
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _keys(words: list[str]) -> list[str]:
    return sorted({alias_key(w) for w in words})


class IdentityNames:
    """Prefixed bodies and branches (a mixin of `OrgRecogniser`)."""

    def _compile_identity(self, r: IdentityRules) -> None:
        self.identity = r
        self._body_type = {alias_key(w): t for t, words in r.bodies.items() for w in words}
        prefixes = [w for w in _keys(r.foreign + r.regional) if len(w) > 1]
        short = [w for w in _keys(r.foreign + r.regional) if len(w) == 1]
        self._short_prefixed = frozenset(p + b for p in short for b in _keys(r.short_prefix_bodies))
        names = [p + b for p in prefixes for b in self._body_type]
        self._prefixed = NameScanner([*names, *self._short_prefixed])
        lb = self.rules.left_boundary
        stop = re.escape(lb.stop_chars + lb.numerals)  # 花旗两家贷款子公司: counted, no branch
        self._branch_re = han_compile(
            f"(?:(?:(?![{stop}]){HAN}){{0,5}}?(?:{alternation(_keys(r.branch_units))}))"
            f"{{1,{r.branch_depth}}}"
        )
        self._branch_unit_re = re.compile(alternation(_keys(r.branch_units)))
        self._branch_types = frozenset(r.branch_types)
        sports = self.rules.sports_names
        self._sports_names = frozenset(_keys(sports.names))
        self._sports_cue_re = re.compile(alternation(sports.cues))
        self._state_prefixes = tuple(_keys(r.state_prefixes))
        self._state_types = frozenset(r.state_prefix_types)
        self._region_unit_re = regex.compile(alternation(_keys(r.region_units)))
        self._region_blocked = tuple(r.region_blocked_next)
        self._region_types = frozenset(r.region_unit_types)
        self._org_endings = tuple(self.rules.left_boundary.organisation_endings)
        countries = [w for w in _keys(r.foreign + r.regional) if len(w) > 1]
        self._any_place_re = re.compile(alternation([*self.rules.places, *countries]))
        # 携程计算机技术（上海）有限公司: a bracketed place before a legal form (read backwards)
        self._bracketed_place_re = regex.compile(
            f"[（(](?:{alternation(self.rules.places)})[{self.rules.place_suffix_chars}]?[）)]",
            regex.REVERSE,
        )
        self._countries = frozenset(countries)
        self._country_lengths = sorted({len(w) for w in countries}, reverse=True)
        self._country_ends = frozenset(w[-1] for w in countries)
        self._follows_parent = frozenset(r.unit_types_follow_parent)

    def _prefixed_candidates(self, text: str, gaz: list[OrgMention]) -> Iterator[OrgMention]:
        """美国财政部, 香港证监会, 英国央行: a regional or foreign body is its own organisation;
        so is a known name with a country or region before it (法国兴业银行 is no 兴业银行)."""
        org_ends = {g.end for g in gaz}
        for g in gaz:
            state = self._state_prefix(text, g)
            if state:  # 中华人民共和国科学技术部 is 科学技术部, named in full
                yield OrgMention(g.start - len(state), g.end, g.org, "org.prefixed")
            if g.end - g.start < 3:
                continue  # a short alias after a country is left to the body list (英国央行)
            if text[g.start - 1 : g.start] not in self._country_ends:
                continue  # no country can end right before it
            country = next(
                (text[g.start - n : g.start] for n in self._country_lengths
                 if text[g.start - n : g.start] in self._countries),
                None,
            )  # fmt: skip
            if country is not None:
                name = country + "".join(text[g.start : g.end].split())
                org = Org(unknown_org_id(name), name, g.org.org_type, None)
                yield OrgMention(g.start - len(country), g.end, org, "org.prefixed")
        for m in self._prefixed.finditer(text):
            name = "".join(m.group().split())
            if name in self._short_prefixed and not self._left_open(text, m.start(), org_ends):
                continue  # 美军 after a Han character: 美 may end a word (欧美); 美国 never does
            body = next(name[k:] for k in range(1, len(name)) if name[k:] in self._body_type)
            org = Org(unknown_org_id(name), name, self._body_type[body], None)
            yield OrgMention(m.start(), m.end(), org, "org.prefixed")

    def _state_prefix(self, text: str, g: OrgMention) -> str:
        """The state's full name right before a national body (中华人民共和国民政部), or ''."""
        if g.org.org_type not in self._state_types:
            return ""
        return next((p for p in self._state_prefixes if text.endswith(p, 0, g.start)), "")

    def _branches(self, text: str, chosen: list[OrgMention]) -> list[OrgMention]:
        """光大银行长春分行, 招商银行信用卡中心: a known organisation, an optional place, a unit."""
        out = []
        taken_until = -1
        for m in chosen:
            if m.start < taken_until:
                continue  # inside a branch name made just before
            branch = self._branch_after(text, m) if m.org.org_type in self._branch_types else None
            if branch is None:
                out.append(m)
                continue
            out.append(branch)
            taken_until = branch.end
        return out

    def _branch_after(self, text: str, m: OrgMention) -> OrgMention | None:
        """A place or a short name (东直门) may stand between the organisation and the unit."""
        region = self._region_after(text, m)
        unit = self._branch_re.match(text, m.end if region is None else region.end())
        if unit is None:
            unit = region
        if unit is None:
            return None
        first = self._branch_unit_re.search(text, m.end, unit.end())
        if first is not None and self._generic_re.fullmatch(text, m.end, first.start()):
            return None  # 花旗银行贷款子公司: a kind of unit, not a named branch
        if first is not None and any(self._boundary_words.spans(text, first.end(), unit.end())):
            unit = first  # 光大银行北京分行获悉总行: a verb, then another unit of the bank
        written = "".join(text[m.end : unit.end()].split())
        name = m.org.name + written
        if name.endswith(self._legal_forms):  # a legal entity is named as registered, as written
            name = legal_canonical(text[m.start : unit.end()])  # 阿里巴巴（中国）有限公司
        parent = m.org.org_id
        org = Org(unknown_org_id(name), name, m.org.org_type, parent)
        return replace(m, end=unit.end(), org=org)

    def _region_after(self, text: str, m: OrgMention) -> regex.Match[str] | None:
        """渣打中国, 星展香港: a region right after a group's short name is its local entity."""
        if m.org.org_type not in self._region_types:
            return None
        if text.endswith(self._org_endings, m.start, m.end):
            return None  # 中国银行澳门元, 华侨银行中国个人网银: only a brand's short name
        region = self._region_unit_re.match(text, m.end)
        if region is None or m.org.name.startswith(region.group()):
            return None
        if text.startswith(self._region_blocked, region.end()):
            return None  # 花旗中国市场, 工行中国银行: the region starts another word
        return region

    def _unit_types(self, chosen: list[OrgMention]) -> list[OrgMention]:
        """A department named like a government body (…信用卡部) under a company: its type."""
        types = {m.org.org_id: m.org.org_type for m in chosen}
        out = []
        for m in chosen:
            if m.org.parent is None or m.org.org_type != "government":
                out.append(m)
                continue
            known = self.orgs.get(m.org.parent)
            parent_type = known.org_type if known is not None else types.get(m.org.parent)
            if parent_type in self._follows_parent and m.org.org_id not in self.orgs:
                m = replace(m, org=replace(m.org, org_type=parent_type))
            out.append(m)
        return out
