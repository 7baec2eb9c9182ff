"""Candidate generator: a statistical NER's ORG spans (any spaCy pipeline with an `ner`).

The package ships one, `ner_model/` (name it `shipped`), trained by `extract.orgs.train_ner` on
Universal NER's Chinese data (CC BY-SA; its NOTICE says whose); a model trained on CLUENER2020
(terms unverified) stays in a folder of the user's. Its ORG spans join the rules' candidates
under the recogniser's arbitration: gazetteer ids win, the model adds unknown organisations,
and the rules' vetoes of generic phrases drop the rest (`OrgRecogniser.model_mentions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from spacy.language import Language

from extract.orgs.lexicon import Org, OrgMention, unknown_org_id
from extract.orgs.scan import covered_chars

LABEL = "ORG"
SHIPPED = "shipped"
SHIPPED_DIR = Path(__file__).with_name("ner_model")


@cache
def load_model(name: str) -> Language:
    """An installed spaCy pipeline, a pipeline folder or `shipped` (the package's own), loaded
    once per process."""
    import spacy

    return spacy.load(SHIPPED_DIR if name == SHIPPED else name)


class ModelNames:
    """The model's spans as candidates, and the vetoes rules hold over them (a mixin of
    `OrgRecogniser`)."""

    def model_mentions(
        self, text: str, spans: Iterable[tuple[int, int]], gaz: list[OrgMention]
    ) -> list[OrgMention]:
        """A span that is a gazetteer name takes its id; one overlapping a gazetteer mention is
        dropped (the gazetteer wins); the rest are unknown organisations typed by suffix."""
        spans = list(spans)
        if not spans:
            return []
        taken = covered_chars(gaz)
        found = []
        for start, end in spans:
            if not taken.isdisjoint(range(start, end)):
                continue
            name = "".join(text[start:end].split())
            org = self.lookup(name) or Org(
                unknown_org_id(name), name, self.type_from_suffix(name), None
            )
            found.append(OrgMention(start, end, org, "org.model"))
        return found

    def _vetoed(self, text: str, m: OrgMention) -> bool:
        """Generic phrases the model proposes (贷款公司, 政府, 与韩亚银行): no distinctive stem,
        a stop character or conjunction in front, or a suffix whose word goes on."""
        if m.rule != "org.model" or m.org.org_id in self.orgs:
            return False
        name = m.org.name
        lb = self.rules.left_boundary
        if len(name) < 2 or name[0] in lb.stop_chars or name[0] in lb.conjunctions:
            return True
        if self._blocked_after(text, name, m.end):
            return True  # 中国银行 of 中国银行业: the suffix's word goes on
        suffix = next((s for s in self._suffixes_by_length if name.endswith(s)), "")
        stem = name[: len(name) - len(suffix)]
        return not stem or bool(self._generic_re.fullmatch(stem))

    def _arbitrated(self, chosen: list[OrgMention]) -> list[OrgMention]:
        """Where the model and a suffix or platform rule overlap and end at the same character,
        the model's left boundary wins: it reads the context the rules' left walk cannot
        (与韩亚银行, 刺激银行). Where they end apart, the rule's suffix decides the end and the
        rule wins (国际易学 of 国际易学文化研究院; 西部证券研究员宋 of 西部证券)."""
        model = [m for m in chosen if m.rule == "org.model"]
        if not model:
            return chosen
        ruled = [m for m in chosen if m.rule in _RULED]
        lost = {id(r) for r in ruled for m in model if _overlap(r, m) and m.end == r.end}
        lost |= {id(m) for m in model for r in ruled if _overlap(r, m) and m.end != r.end}
        return [m for m in chosen if id(m) not in lost]


_RULED = ("org.suffix", "org.platform_form", "org.local")


def _overlap(a: OrgMention, b: OrgMention) -> bool:
    return a.start < b.end and b.start < a.end
