"""The metric resolver: what a figure measures, from the cues of its clause (rules/metrics.yaml).

Looked for between the figures next to it in its clause (inside its quotation when it is
quoted), and named by the rule that chose it:

- `named_growth`: a cue, then a change word, right before a percentage (营收同比增长20%);
- `growth`: a change in a comparison (较2020年增长8.57%): the growth of the figure before it,
  in order after 分别;
- `classifier_noun`: a classifier count names the noun right after it (93家公募基金会), else
  `classifier_cue_before`: a cue right before it whose metric lists the classifier;
- `noun_after`: the figure's own noun right after it (300万元保额, 5000万人加入), unless a
  relative clause right before it names it (参与调查的1200名会员);
- `noun_predicate`: the figure's noun and what they did, right after it (1.2万名会员获得互助金:
  beneficiaries; 1亿会员参与分摊: sharing members);
- `cue_before`: the nearest cue before the figure whose metric takes its type and unit (a
  qualifier that is a cue, 最高300万元, counts as before);
- `compared_with`: a figure a comparison is made with (相较于2021年的180亿元) measures what
  the figure before it does;
- `connector`: after 从…降至 / 和 / 、 the metric of the figure before it;
- `cue_after`: the nearest fitting cue after it (21235个家庭, 8%管理费).
"""

from __future__ import annotations

import regex

from extract.pipeline.annotations import Found
from extract.pipeline.discourse import Discourse, Starts
from extract.pipeline.fact_rules import FactGrammar
from extract.pipeline.fact_subject import Clause

_HAN = regex.compile(r"\p{Han}")
_SPACES = regex.compile(r"\s*")

Choice = tuple[str | None, str | None]  # the metric and the rule that chose it
Done = list[tuple[Found, str | None]]  # the figures of the sentence linked so far, with metrics


class MetricResolver:
    """Metrics of the figures of one text; remembers which percentages were read as changes."""

    def __init__(self, g: FactGrammar, d: Discourse) -> None:
        self.g, self.d, self.text = g, d, d.text
        self.changes: set[int] = set()  # percentages read as a change (较2020年增长8.57%)
        self.compared: set[int] = set()  # figures a comparison is made with (较2021年的180亿元)
        self.base_of: dict[int, Found] = {}  # a change -> the figure it is the change of
        self.cues = Starts(g.cue_start, d.text)  # where a cue may start: most gaps hold none

    def metric(self, clause: Clause, fig: Found, done: Done, sentence_start: int) -> Choice:
        g, text = self.g, self.text
        seg_start, seg_end = clause.start, clause.end
        quoted = self.d.quoted(fig.start, fig.end)
        if quoted is not None:
            seg_start, seg_end = max(seg_start, quoted[0]), min(seg_end, quoted[1])
        previous = [f for f in clause.figures if f.end <= fig.start and f.end > seg_start]
        following = [f for f in clause.figures if f.start >= fig.end and f.start < seg_end]
        lo = previous[-1].end if previous else seg_start
        hi = following[0].start if following else seg_end
        if fig.type == "percentage" and (named := g.cue_change.search(text, lo, fig.start)):
            self.changes.add(id(fig))
            return self._named_growth(named.group("cue")), "named_growth"
        if fig.type == "percentage" and (
            g.growth.search(text, clause.start, fig.start)
            or (done and g.bare_growth.fullmatch(text, clause.start, fig.start))
            or (
                previous
                and id(previous[-1]) in self.changes
                and g.connector.fullmatch(text, lo, fig.start)
            )
        ):
            self.changes.add(id(fig))
            return self._growth(clause, fig, done), "growth"
        if fig.type != "percentage" and g.compared.fullmatch(text, lo, fig.start):
            self.compared.add(id(fig))  # 较2021年的180亿元: what the figure before it measures
            earlier = [m for f, m in done if f.type == fig.type and id(f) not in self.compared]
            if earlier:
                return earlier[-1], "compared_with"
        link = g.rules.linking
        # 120个和80个项目: the figures of a list share the noun after the last one
        tail, rest = fig, following
        while rest and g.connector.fullmatch(text, tail.end, rest[0].start):
            tail, rest = rest[0], rest[1:]
        if (
            fig.type == "count"
            and fig.fields.get("unit") in link.classifier_units
            and _HAN.match(text, tail.end)
        ):
            stop = min(rest[0].start if rest else seg_end, tail.end + link.classifier_reach + 4)
            m = g.cue.search(text, tail.end, stop)
            if m is None or m.start() > tail.end + link.classifier_reach:
                return self._adjacent_classifier_cue(
                    fig, lo, sentence_start
                ), "classifier_cue_before"
            return self._accept(m, fig, sentence_start), "classifier_noun"
        noun = self._noun_after(fig, lo, hi)
        if noun is not None and noun.group() in g.unnamed:
            return None, None  # 1200名受访者: a quantity the lexicon has no name for
        if noun is not None:
            done_by = g.cue.match(text, g.adverbs.match(text, noun.end(), hi).end(), hi)
            if done_by is not None and done_by.group() not in g.unnamed:
                # 1.2万名会员获得互助金 / 1亿会员参与分摊: the people by what they did
                metric = self._accept(done_by, fig, sentence_start)
                if metric is not None and metric != self._accept(noun, fig, sentence_start):
                    return metric, "noun_predicate"
            metric = self._accept(noun, fig, sentence_start)
            if metric is not None:
                return metric, "noun_after"
        cues = list(g.cue.finditer(text, lo, fig.start)) if self.cues.any(lo, fig.start) else []
        head = (  # 最高300万元: a qualifier that is a cue
            g.cue.match(text, fig.start, fig.end)
            if self.cues.any(fig.start, fig.start + 1)
            else None
        )
        if head is not None:
            cues.append(head)
        for k in range(len(cues) - 1, -1, -1):
            m = cues[k]
            if k and m.group() in g.weak_cues:
                continue  # 筹款最高达1亿元: the maximum of 筹款
            if m.group() in g.unnamed:
                return None, None  # 净利润为3亿元: a quantity the lexicon has no name for
            metric = self._accept(m, fig, sentence_start)
            if metric is not None:
                return metric, "cue_before"
        if previous and g.connector.fullmatch(text, lo, fig.start):
            for f, metric in reversed(done):
                if f is previous[-1] and f.type == fig.type:
                    return metric, "connector"
        for m in g.cue.finditer(text, fig.end, hi) if self.cues.any(fig.end, hi) else ():
            if m.group() in g.unnamed:
                return None, None
            metric = self._accept(m, fig, sentence_start)
            if metric is not None:
                if g.of_gap.fullmatch(text, fig.end, m.start()) and g.predicate.match(
                    text, m.end(), hi
                ):
                    return None, None  # 86.36万人次的求助者上传了…: a subset, not all fundraisers
                return metric, "cue_after"
        return None, None

    def _noun_after(self, fig: Found, lo: int, hi: int) -> regex.Match[str] | None:
        """The figure's own noun, right after it (可获得300万元保额, 5000万人加入): it names the
        figure before any cue of the clause does, unless a relative clause ending in 的 right
        before the figure names it (参与调查的1200名会员: respondents, not members)."""
        text = self.text
        at = _SPACES.match(text, fig.end, hi).end()
        m = self.g.cue.match(text, at, hi) if self.cues.any(at, at + 1) else None
        if m is None or (
            text[lo : fig.start].rstrip().endswith(self.g.of_words)
            and self.g.cue.search(text, lo, fig.start)
        ):
            return None
        return m

    def _adjacent_classifier_cue(self, fig: Found, lo: int, sentence_start: int) -> str | None:
        """会员单位467家企业: a cue right before a classifier count names it when its metric lists
        that classifier (the noun after the count is then only what the units are)."""
        unit = fig.fields.get("unit")
        for m in self.g.cue.finditer(self.text, lo, fig.start):
            if self.text[m.end() : fig.start].strip():
                continue
            if any(unit in self.g.metrics[name].units for name in self.g.by_cue.get(m.group(), ())):
                return self._accept(m, fig, sentence_start)
        return None

    def _accept(self, m: regex.Match[str], fig: Found, sentence_start: int) -> str | None:
        """The first metric named by cue `m` that takes this figure, with its modifier."""
        text = self.text
        before = text[sentence_start : m.start()]  # sliced once, not once per needed word
        for name in self.g.by_cue.get(m.group(), ()):
            metric = self.g.metrics[name]
            if fig.type not in metric.types:
                continue
            if fig.type == "count" and metric.units and fig.fields.get("unit") not in metric.units:
                continue
            if metric.needs and not any(w in before for w in metric.needs):
                continue
            if any(self._covers(word, m) for word in metric.not_in):
                continue
            mod = self.g.modifier_end.search(text[max(0, m.start() - 4) : m.start()])
            return f"{name}_{self.g.modifier[mod.group()]}" if mod else name
        return None

    def _covers(self, word: str, m: regex.Match[str]) -> bool:
        """Whether `word` (a longer word with another meaning) covers the cue at `m`."""
        lo = max(0, m.end() - len(word))
        return any(
            self.text.startswith(word, s) and s + len(word) >= m.end()
            for s in range(lo, m.start() + 1)
        )

    def _named_growth(self, cue: str) -> str | None:
        """营收同比增长20%: the growth of the first metric of the cue that counts or sums."""
        for name in self.g.by_cue.get(cue, ()):
            if set(self.g.metrics[name].types) - {"percentage"}:
                return name + self.g.growth_suffix
        return None

    def _growth(self, clause: Clause, fig: Found, done: Done) -> str | None:
        """A change in a comparison: the growth of the figure before it (分别: in order). A
        change in percentage points (提高4.1个百分点) is a rate's: no growth of a sum or count."""
        if self.g.points.search(self.text, fig.start, fig.end):
            return None
        # the figures the changes follow, metric or not: an unnamed one (None) names no growth
        figures = [f for f, _ in done if f.type != "percentage" and id(f) not in self.compared]
        bases = [m for f, m in done if f.type != "percentage" and id(f) not in self.compared]
        respectively = self.g.respectively.search(self.text, clause.start, fig.start)
        group = [fig]
        if respectively is not None:
            group = [
                f
                for f in clause.figures
                if f.type == "percentage" and f.start > respectively.start()
            ]
        if len(bases) < len(group):
            return None
        k = next(i for i, f in enumerate(group) if f is fig)
        base = bases[len(bases) - len(group) + k]
        self.base_of[id(fig)] = figures[len(bases) - len(group) + k]
        return base + self.g.growth_suffix if base else None
