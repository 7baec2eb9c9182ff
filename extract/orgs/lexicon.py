"""Who exists: the gazetteer (extract/rules/organisations.yaml) validated once, the identity a
mention resolves to, and the one id scheme of organisations outside the gazetteer."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import opencc
from pydantic import Field, model_validator

from extract.models import OrgType
from extract.rules import RulesModel

__all__ = ["OrgType"]


ID_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
T2S = opencc.OpenCC("t2s")

# --- the gazetteer -------------------------------------------------------------------------


class OrgEntry(RulesModel):
    """One organisation: canonical id and name, type, parent and the names it goes by."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    type: OrgType
    parent: str | None = None
    aliases: list[str] = Field(default_factory=list)
    short_forms: list[str] = Field(default_factory=list)
    title_aliases: list[str] = Field(default_factory=list)
    list_initial: str | None = Field(default=None, min_length=1, max_length=1)


def alias_key(text: str) -> str:
    """The form two spellings of one name share: Simplified, no whitespace, case-folded."""
    return T2S.convert("".join(text.split())).replace("：", ":").casefold()


class Gazetteer(RulesModel):
    """The organisations file; cross-entry problems are all reported in one error."""

    organisations: list[OrgEntry]

    @model_validator(mode="after")
    def _consistent(self) -> Gazetteer:
        problems: list[str] = []
        ids: dict[str, int] = {}
        for i, org in enumerate(self.organisations):
            if org.id in ids:
                problems.append(
                    f"organisations.{i}: duplicate id {org.id!r} (first at {ids[org.id]})"
                )
            ids.setdefault(org.id, i)
        claimed: dict[str, str] = {}
        for i, org in enumerate(self.organisations):
            if org.parent is not None and org.parent not in ids:
                problems.append(f"organisations.{i}: {org.id}: parent {org.parent!r} is not an id")
            for name in names_of(org):
                key = alias_key(name)
                owner = claimed.setdefault(key, org.id)
                if owner != org.id:
                    problems.append(
                        f"organisations.{i}: alias {name!r} of {org.id} is claimed by {owner}"
                    )
        initials: dict[str, str] = {}
        for i, org in enumerate(self.organisations):
            if org.list_initial and initials.setdefault(org.list_initial, org.id) != org.id:
                problems.append(f"organisations.{i}: list_initial {org.list_initial!r} is taken")
        problems.extend(self._cycles())
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _cycles(self) -> list[str]:
        parent = {o.id: o.parent for o in self.organisations}
        bad = []
        for start in parent:
            seen, node = set(), start
            while node is not None and node in parent:
                if node in seen:
                    bad.append(f"{start}: parent chain loops through {node!r}")
                    break
                seen.add(node)
                node = parent[node]
        return bad


def names_of(org: OrgEntry) -> Iterator[str]:
    yield org.name
    yield from org.aliases
    yield from org.short_forms
    yield from org.title_aliases


@dataclass(frozen=True, slots=True)
class Org:
    """The canonical identity a mention resolves to."""

    org_id: str
    name: str
    org_type: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class OrgMention:
    """A span of the text naming `org`: `rule` is the generator that proposed it, `passes` the
    resolution passes that changed or added it, in order."""

    start: int
    end: int
    org: Org
    rule: str
    passes: tuple[str, ...] = ()


def with_org(m: OrgMention, org: Org) -> OrgMention:
    """`m` naming `org`: the same object when nothing changes, so a pass's trace stays true."""
    return m if org == m.org else replace(m, org=org)


@dataclass(frozen=True, slots=True)
class Alias:
    org_id: str
    kind: Literal["alias", "short", "title"]


@lru_cache(maxsize=4096)
def unknown_org_id(name: str) -> str:
    """The one id scheme of organisations outside the gazetteer, for mentions, events and facts:
    a hash of the canonical name's alias key, so the same name in either script gets one id."""
    return "org:" + hashlib.sha1(alias_key(name).encode()).hexdigest()[:10]
