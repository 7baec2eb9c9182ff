"""How an unknown name looks: the models of extract/rules/org_suffixes.yaml, validated once."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from extract.orgs.lexicon import OrgType
from extract.rules import RulesModel

# --- the recogniser's rules ----------------------------------------------------------------


class SuffixRule(RulesModel):
    suffix: str
    org_type: OrgType
    needs: Literal["none", "place_or_org", "media_cue"] = "none"
    place_only: bool = False
    blocked_next: list[str] = Field(default_factory=list)
    stem_not_ending: list[str] = Field(default_factory=list)
    stem_not_containing: list[str] = Field(default_factory=list)
    titled_generic: bool = False
    not_after_digit: bool = False
    not_after_org: bool = False
    kind_needs_place: bool = False
    max_free_stem_chars: int | None = Field(default=None, ge=1)
    legal_place: bool = False


class PlatformForm(RulesModel):
    suffix: str
    blocked_prev: list[str] = Field(default_factory=list)
    blocked_next: list[str] = Field(default_factory=list)


class Cues(RulesModel):
    before: list[str]
    after: list[str]


class CuedNames(RulesModel):
    names: list[str] = Field(min_length=1)
    cues: list[str] = Field(min_length=1)
    window_chars: int = Field(gt=0)


class QuotedPlatform(RulesModel):
    quotes: list[str] = Field(description="Opening and closing quote, as a two-character string.")
    max_chars: int = Field(gt=1)
    not_endings: list[str]
    cues_before: list[str] = Field(min_length=1)
    not_followed_by: list[str]
    cues_after: list[str] = Field(min_length=1)
    gap_words: list[str]
    bracketed_day: str
    platform_words: list[str] = Field(min_length=1)
    clause_openers: str
    sentence_context: list[str] = Field(min_length=1)


class Abbreviation(RulesModel):
    short: str = Field(min_length=2)
    full: str = Field(min_length=3)


class CoreMerge(RulesModel):
    min_core_chars: int = Field(ge=2)
    suffix_families: dict[str, str]


class PageFurniture(RulesModel):
    cues: list[str] = Field(min_length=1)
    nav_cues: list[str] = Field(min_length=1)
    max_line_chars: int = Field(gt=0)


class LeftBoundary(RulesModel):
    date_marks: str
    stop_chars: str
    words: list[str]
    protected: list[str]
    conjunctions: list[str]
    closing_conjunctions: str
    organisation_endings: list[str]
    measure_words: str
    numerals: str
    indefinite: str
    ordinal_marks: str


class FalseNames(RulesModel):
    time_words: list[str] = Field(min_length=1)
    quantity_words: list[str] = Field(min_length=1)
    grade_words: list[str] = Field(min_length=1)


class ShortFormRules(RulesModel):
    next_chars: str
    next_words: list[str]
    list_separators: str = Field(min_length=1)
    initials_min: int = Field(ge=2)
    initials_end: list[str] = Field(min_length=1)


class ProductForm(RulesModel):
    suffix: str
    stem: Literal["place", "name"]
    min_stem: int = Field(default=1, ge=1)
    max_stem: int = Field(default=4, ge=1)


class InsuranceProducts(RulesModel):
    forms: list[ProductForm]
    blocked_next: list[str]
    not_places: list[str]
    stem_not: list[str]
    context: list[str] = Field(min_length=1)
    context_chars: int = Field(gt=0)
    year_quotes: list[str]
    max_quoted_chars: int = Field(gt=1)
    year_product_end: str = Field(min_length=1)
    edition_marks: list[str] = Field(min_length=1)


class SuffixRules(RulesModel):
    max_name_chars: int = Field(gt=2)
    min_stem_chars: int = Field(ge=1)
    max_free_stem_chars: int = Field(ge=1)
    suffixes: list[SuffixRule]
    media_cues: Cues
    platform_forms: list[PlatformForm]
    platform_cues: Cues
    quoted_platform: QuotedPlatform
    left_boundary: LeftBoundary
    false_names: FalseNames
    sports_names: CuedNames
    person_titles: list[str]
    places: list[str]
    brand_places: list[str]
    place_suffix_chars: str
    generic_words: list[str]
    short_forms: ShortFormRules
    insurance_products: InsuranceProducts
    local_prefix_chars: str
    local_prefix_not: list[str]
    abbreviations: list[Abbreviation]
    core_merge: CoreMerge
    page_furniture: PageFurniture

    @model_validator(mode="after")
    def _recognisable(self) -> SuffixRules:
        """Each abbreviation's forms and suffix family member must end with a suffix rule."""
        suffixes = tuple(s.suffix for s in self.suffixes)
        names = [
            (f"abbreviations.{i}", w)
            for i, a in enumerate(self.abbreviations)
            for w in (a.short, a.full)
        ]
        names += [
            (f"core_merge.suffix_families.{k}", w)
            for k, v in self.core_merge.suffix_families.items()
            for w in (k, v)
        ]
        problems = [
            f"{where}: {w!r} ends with no suffix" for where, w in names if not w.endswith(suffixes)
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self
