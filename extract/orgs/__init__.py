"""Organisation recognition with canonical identities.

`lexicon` (who exists, the id scheme), `grammar` (how an unknown name looks), candidate
generators (`known`, `suffixes`, `platforms`, and the statistical model in `ner`), and the
named resolution passes (`passes`), composed by `recogniser.OrgRecogniser`.
"""

from extract.orgs.lexicon import Gazetteer, Org, OrgMention, alias_key, unknown_org_id
from extract.orgs.recogniser import OrgRecogniser, load_recogniser
from extract.orgs.scan import WordBounds

__all__ = [
    "Gazetteer",
    "Org",
    "OrgMention",
    "OrgRecogniser",
    "WordBounds",
    "alias_key",
    "load_recogniser",
    "unknown_org_id",
]
