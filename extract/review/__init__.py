"""Tools a person reviews a run with: trace, report, facts table, the offset oracle."""
