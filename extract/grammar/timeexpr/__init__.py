"""Temporal expressions: the grammar of rules/time.yaml, parsed into `TimeExpr`, resolved to ISO.

The grammar is data (named regex fragments composed by name, word tables keyed by meaning):
`grammar` validates and compiles it once, `scan` finds where in a text a date can be, `parse`
turns a match into a small typed expression, `calendars` knows weekdays, holidays and lunar
dates, and `resolve` resolves an expression against an explicit anchor date (the publication
date or a date the story states), never the clock. What cannot be resolved without an anchor
gets `value=None` and says which anchor it needs.
"""

from extract.grammar.timeexpr.grammar import Grammar, TimeRules, grammar
from extract.grammar.timeexpr.parse import Match, Point, TimeExpr, find_expressions, to_int
from extract.grammar.timeexpr.resolve import PRECISION_ORDER, Resolved, resolve

__all__ = [
    "PRECISION_ORDER",
    "Grammar",
    "Match",
    "Point",
    "Resolved",
    "TimeExpr",
    "TimeRules",
    "find_expressions",
    "grammar",
    "resolve",
    "to_int",
]
