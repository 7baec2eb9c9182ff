"""The grammar toolkit and the engines the stages call: numerals, time, organisations."""
