"""`extract-facts eval GOLD PRED` (`command.py`): how far a run is from the hand-verified gold set.

Scoring, precisely (tests/test_evaluate.py works examples by hand):

* Only documents present in GOLD are scored; `document` records are ignored.
* Mention records (amount, count, percentage, date, event) match per document and type when
  their spans overlap, one-to-one, greedily by largest overlap (ties: closest start, then file
  order). `span` P/R/F1 = matched / predicted, matched / gold; `exact` counts only matched pairs
  whose spans are identical.
* Events are scored only when dated: gold holds the dated events, so a predicted event whose
  `date` is null is left out (counted under `unscored`).
* Organisation records match per document by canonical name; records left over then match by
  the overlap of their mentions (largest first), so a right entity with a wrong name is a
  `name` error rather than a miss plus a false positive. `organisation.mention` scores every
  mention span on its own, matched like the mention records.
* A field is scored on matched pairs only. Over those pairs: gold-filled = pairs whose gold
  value is not null, pred-filled = pairs whose predicted value is not null, correct = pairs
  where both are filled and equal. precision = correct / pred-filled, recall = correct /
  gold-filled. So a subject guessed where the gold says null costs precision, a subject left
  null where the gold has one costs recall. Values compare as exact decimals, subjects and
  actors by name, dates and times by their normalised ISO value (seconds ":00" dropped,
  "T24:00" read as the next day's "T00:00").
* precision = match / pred and recall = match / gold are null ("-") when their denominator is
  0; F1 = 2·match / (gold + pred), the harmonic mean of the two when both exist, 0 when only
  one side is empty, null when both are. A null score never fails a threshold.
* A predicted record (or organisation mention) overlapping a span of GOLD's
  `*.negatives.jsonl` is a negative hit, listed on its own.

Exit status: 0, or 1 when a score is below a `--min` / `--thresholds` minimum, 2 on bad input.
"""
