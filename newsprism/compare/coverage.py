"""How each outlet covered a story: shared, exclusive and omitted facts, attribution, framing.

`compare_story` groups the story's sentences into facts (`FactGrouper`) and derives:

- `exclusive[outlet]`: facts only that outlet carries (only when the story has >= 2 outlets);
- `omitted[outlet]`: facts carried by most of the other outlets (at least `omit_min_share`
  of them and at least `omit_min_outlets`) that this outlet lacks;
- `attribution[outlet]`: attribution verbs it uses, with counts (said, claimed, admitted...);
- the facts, most widely carried first (independent sources, then outlets).

Copied text counts once: "independent sources" treats each copy group (wire story)
as one source, while "outlets" counts every outlet; `source_counts` gives both.

`framing` adds per-outlet wording signals: loaded terms from a small lexicon
(`newsprism.compare.lexicon.LOADED_TERMS`), split into the outlet's own voice and
words inside quotations, and who speaks first in each article.

Example::

    comparison = compare_story(story, articles, quotes, claims, copy_groups)
    fact_ids, outlets, matrix = coverage_matrix(comparison, articles)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsprism.compare.attribution import attribution_frames
from newsprism.compare.facts import (
    TREATMENTS,
    FactConfig,
    FactGrouper,
    FactSet,
    copy_group_index,
    outlet_of,
    source_key,
)
from newsprism.compare.lexicon import attribution_verbs, loaded_terms, verb_name
from newsprism.models import Article, Claim, CopyGroup, Fact, Quote, Story, StoryComparison

OMITS = "omits"


@dataclass(slots=True)
class CompareConfig:
    """Settings of `compare_story`."""

    facts: FactConfig = field(default_factory=FactConfig)
    # "most others": at least this share of the other outlets ...
    omit_min_share: float = 0.5
    # ... and at least this many of them, so one other outlet is never "most"
    omit_min_outlets: int = 2


@dataclass(slots=True)
class FramingSignals:
    """Wording signals of one outlet in a story.

    `loaded_terms` counts every use; `own_voice_terms` only those outside quotations
    (the outlet's words rather than a speaker's). `lead_speakers` maps each article to
    the speaker of its first quote or attribution, the side whose statement leads.
    """

    outlet: str
    loaded_terms: dict[str, int] = field(default_factory=dict)
    own_voice_terms: dict[str, int] = field(default_factory=dict)
    lead_speakers: dict[str, str | None] = field(default_factory=dict)


def compare_story(
    story: Story,
    articles: Sequence[Article],
    quotes: Iterable[Quote] = (),
    claims: Iterable[Claim] = (),
    copy_groups: Iterable[CopyGroup] = (),
    config: CompareConfig | None = None,
) -> StoryComparison:
    """Compare how the outlets of `story` covered it (see the module docstring).

    Only the articles of the story are used when `articles` holds others too.
    """
    comparison, _ = compare_story_facts(story, articles, quotes, claims, copy_groups, config)
    return comparison


def compare_story_facts(
    story: Story,
    articles: Sequence[Article],
    quotes: Iterable[Quote] = (),
    claims: Iterable[Claim] = (),
    copy_groups: Iterable[CopyGroup] = (),
    config: CompareConfig | None = None,
) -> tuple[StoryComparison, FactSet]:
    """`compare_story` and the `FactSet` behind it (member sentences, link scores)."""
    cfg = config or CompareConfig()
    wanted = set(story.article_ids)
    arts = [a for a in articles if a.id in wanted] if wanted & {a.id for a in articles} else list(articles)
    ids = {a.id for a in arts}
    quotes = [q for q in quotes if q.article_id in ids]
    claims = [c for c in claims if c.article_id in ids]
    groups = [g for g in copy_groups if ids.intersection(g.article_ids)]
    fact_set = FactGrouper(cfg.facts).group(arts, groups, quotes=quotes, claims=claims)
    facts = fact_set.facts

    outlets = _ordered_unique(outlet_of(a) for a in arts)
    exclusive: dict[str, list[str]] = {o: [] for o in outlets}
    omitted: dict[str, list[str]] = {o: [] for o in outlets}
    if len(outlets) >= 2:
        for fact in facts:
            if len(fact.outlets) == 1:
                exclusive[fact.outlets[0]].append(fact.id)
        for outlet in outlets:
            others = len(outlets) - 1
            need = max(cfg.omit_min_outlets, cfg.omit_min_share * others)
            for fact in facts:
                if outlet not in fact.outlets and len(fact.outlets) >= need:
                    omitted[outlet].append(fact.id)
    return (
        StoryComparison(
            story_id=story.id,
            facts=facts,
            attribution=attribution_counts(arts, quotes),
            exclusive=exclusive,
            omitted=omitted,
        ),
        fact_set,
    )


def attribution_counts(
    articles: Sequence[Article], quotes: Iterable[Quote] = ()
) -> dict[str, dict[str, int]]:
    """outlet -> attribution verb -> count, over the outlet's articles.

    Verbs are counted in the text (`lexicon.attribution_verbs`) and read from the
    quotes' `cue`; per article each verb counts max(text count, cue count), so a cue
    the text scan also found is not counted twice while cues outside the lexicon
    ("fumed") still count.

    >>> a = Article(id="a", source="s", title="t", outlet="X", text="He claimed it. She admitted it.")
    >>> attribution_counts([a])
    {'X': {'admitted': 1, 'claimed': 1}}
    """
    cues: dict[str, Counter[str]] = {}
    for q in quotes:
        if q.cue:
            cues.setdefault(q.article_id, Counter())[verb_name(q.cue)] += 1
    out: dict[str, Counter[str]] = {}
    for art in articles:
        found = Counter(v for v, _, _ in attribution_verbs(art.text or ""))
        from_cues = cues.get(art.id, Counter())
        merged = Counter({v: max(found[v], from_cues[v]) for v in set(found) | set(from_cues)})
        out.setdefault(outlet_of(art), Counter()).update(merged)
    return {o: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for o, c in out.items()}


def source_counts(fact: Fact, copy_groups: Iterable[CopyGroup] = ()) -> tuple[int, int]:
    """(outlets, independent sources) carrying `fact`; a copy group counts once as a source."""
    group_of = copy_group_index(copy_groups)
    return len(fact.outlets), len({source_key(a, group_of) for a in fact.article_ids})


def shared_facts(comparison: StoryComparison, min_share: float = 0.5) -> list[Fact]:
    """Facts carried by at least `min_share` of the story's outlets (and by >= 2 outlets)."""
    n = len(_outlets(comparison))
    return [f for f in comparison.facts if len(f.outlets) >= 2 and len(f.outlets) >= min_share * n]


def coverage_matrix(
    comparison: StoryComparison, articles: Sequence[Article] = ()
) -> tuple[list[str], list[str], list[list[str]]]:
    """Facts × outlets: how each outlet carries each fact, or "omits".

    Returns (fact_ids, outlets, matrix) with `matrix[i][j]` the treatment of fact i by
    outlet j. An outlet with several articles on a fact gets their most common
    treatment (ties: the most distanced, contradicts > hedges > attributes > reports).
    Pass `articles` to map articles to outlets exactly; without them the mapping is
    read from the fact (`Fact.outlets` follows the order of `Fact.article_ids`).

    >>> from newsprism.models import Fact, StoryComparison
    >>> c = StoryComparison("s", facts=[Fact("f1", "x", ["a1"], ["A"], {"a1": "reports"})],
    ...                     attribution={"A": {}, "B": {}})
    >>> coverage_matrix(c)
    (['f1'], ['A', 'B'], [['reports', 'omits']])
    """
    outlet_by_article = {a.id: outlet_of(a) for a in articles}
    outlets = _outlets(comparison)
    col = {o: j for j, o in enumerate(outlets)}
    matrix: list[list[str]] = []
    for fact in comparison.facts:
        row = [OMITS] * len(outlets)
        per_outlet: dict[str, list[str]] = {}
        for k, aid in enumerate(fact.article_ids):
            outlet = outlet_by_article.get(aid)
            if outlet is None:
                if len(fact.outlets) == len(fact.article_ids):
                    outlet = fact.outlets[k]
                elif len(fact.outlets) == 1:
                    outlet = fact.outlets[0]
                else:
                    continue
            per_outlet.setdefault(outlet, []).append(fact.treatment.get(aid, "reports"))
        if not per_outlet and fact.outlets:
            # outlets with several articles and no articles given: one combined treatment
            combined = _pick_treatment(list(fact.treatment.values()) or ["reports"])
            per_outlet = {o: [combined] for o in fact.outlets}
        for outlet, treatments in per_outlet.items():
            if outlet in col:
                row[col[outlet]] = _pick_treatment(treatments)
        matrix.append(row)
    return [f.id for f in comparison.facts], outlets, matrix


def _pick_treatment(treatments: list[str]) -> str:
    counts = Counter(treatments)
    rank = {t: k for k, t in enumerate(reversed(TREATMENTS))}  # contradicts first
    return min(counts, key=lambda t: (-counts[t], rank.get(t, 99)))


def _outlets(comparison: StoryComparison) -> list[str]:
    seen = _ordered_unique(
        [*comparison.attribution, *comparison.exclusive, *(o for f in comparison.facts for o in f.outlets)]
    )
    carried = Counter(o for f in comparison.facts for o in f.outlets)
    return sorted(seen, key=lambda o: (-carried[o], o))


def _ordered_unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# Quoted passages: bounded, negated character classes so matching stays linear.
# Opening and closing marks may be mixed (“...") in scraped text, so either closes.
_QUOTED = re.compile(r"[“\"«][^”\"»\n]{1,800}[”\"»]|‘[^’\n]{2,300}’(?!\w)")


def framing(articles: Sequence[Article], quotes: Iterable[Quote] = ()) -> dict[str, FramingSignals]:
    """Per outlet: loaded terms used (all / own voice) and who speaks first in each article.

    >>> a = Article(id="a1", source="s", title="t", outlet="Voice",
    ...     text='The regime spread a "groundless rumour", minister Ana Pell said.')
    >>> f = framing([a])["Voice"]
    >>> f.loaded_terms, f.own_voice_terms, f.lead_speakers
    ({'groundless': 1, 'regime': 1, 'rumour': 1}, {'regime': 1}, {'a1': 'minister Ana Pell'})
    """
    quotes_by_article: dict[str, list[Quote]] = {}
    for q in quotes:
        quotes_by_article.setdefault(q.article_id, []).append(q)
    out: dict[str, FramingSignals] = {}
    for art in articles:
        text = art.text or ""
        outlet = outlet_of(art)
        sig = out.setdefault(outlet, FramingSignals(outlet))
        art_quotes = quotes_by_article.get(art.id, [])
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        quoted += [(q.start, q.end) for q in art_quotes]
        all_terms: Counter[str] = Counter(sig.loaded_terms)
        own: Counter[str] = Counter(sig.own_voice_terms)
        for term, s, e in loaded_terms(text):
            all_terms[term] += 1
            if not any(qs <= s and e <= qe for qs, qe in quoted):
                own[term] += 1
        sig.loaded_terms = dict(sorted(all_terms.items()))
        sig.own_voice_terms = dict(sorted(own.items()))
        sig.lead_speakers[art.id] = lead_speaker(art, art_quotes)
    return out


def lead_speaker(article: Article, quotes: Sequence[Quote] = ()) -> str | None:
    """The speaker of the first quote or attribution in `article`, or None.

    Quotes with a known speaker are used when they come first; otherwise the subject
    of the first attribution verb is read heuristically (the words before "said" up
    to the clause start, or after it in `"...," said the official`).

    >>> text = "Rain fell. Officials in Kavala said the port was shut."
    >>> a = Article(id="a", source="s", title="t", text=text)
    >>> lead_speaker(a)
    'Officials in Kavala'
    """
    first_quote = min(
        (q for q in quotes if q.speaker_canonical or q.speaker), key=lambda q: q.start, default=None
    )
    for frame in attribution_frames(article.text or ""):
        if first_quote is not None and first_quote.start < frame.verb_start:
            break
        if frame.speaker:
            return frame.speaker
    if first_quote is not None:
        return first_quote.speaker_canonical or first_quote.speaker
    return None
