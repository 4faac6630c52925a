"""Speakers and quotes across the articles of a story.

`SpeakerNormalizer` maps the per-article speaker strings of a story onto canonical
speakers: titles stripped, surname-only names joined to full names, country metonyms
("Pyongyang", "DPRK" -> "North Korea"), and anonymous descriptions of the same country
and role merged ("an unnamed North Korean defence official" / "an unidentified North
Korean defense official"), also when different descriptions say the same quote.

`match_quotes` finds the same quote in several outlets even when trimmed, re-punctuated
or translated a little differently.

>>> from newsprism.models import Quote
>>> qa = [Quote("We will never give up the fight.", "the minister", 0, 32)]
>>> qb = [Quote("we will never give up the fight", "a minister", 5, 36)]
>>> [c.outlets for c in match_quotes({"a": qa, "b": qb}, {"a": "Daily", "b": "Post"}, {})]
[['Daily', 'Post']]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from newsprism.extract.lexicon import ANONYMITY_WORDS, DEMONYMS, DETERMINERS, METONYMS, SPELLING
from newsprism.extract.quotes import _description_head, canonical_name, speaker_kind
from newsprism.ids import group_id
from newsprism.models import Quote

__all__ = [
    "QuoteCluster",
    "SpeakerConfig",
    "SpeakerNormalizer",
    "match_quotes",
    "name_skeleton",
    "normalize_quote_text",
]


# --------------------------------------------------------------------------- helpers


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def normalize_quote_text(text: str) -> str:
    """Lower case, no punctuation or quote marks, British/American spellings folded.

    >>> normalize_quote_text("“We’ve never — ever — sold ARMS,” (sic)")
    'weve never ever sold arms sic'
    """
    text = text.lower().replace("’", "").replace("'", "").replace("-", " ")
    text = _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()
    return " ".join(SPELLING.get(w, _ize(w)) for w in text.split())


def _ize(word: str) -> str:
    # recognise/recognize, organisation/organization: fold -is- spellings
    if len(word) > 5 and ("ise" in word[-5:] or "isa" in word[-7:]):
        return word.replace("isation", "ization").replace("ised", "ized").replace("ise", "ize")
    return word


_COUNTRY_KEYS = {**DEMONYMS, **METONYMS}
_COUNTRY_RE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(_COUNTRY_KEYS, key=len, reverse=True)) + r")(?!\w)"
)


def _plain(name: str) -> str:
    """Lower case, accents and hyphens gone: "Kim Jong-un" -> "kim jong un"."""
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower().replace("-", " ")


# Romanisation variants folded before the skeleton is taken (digraphs first)
_TRANSLIT = (
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("q", "k"),
    ("g", "k"),
    ("y", "i"),
)
_VOWELS = frozenset("aeiou")


def name_skeleton(name: str) -> str:
    """A key shared by transliterations of one name: accents gone, common digraphs and
    letters folded (kh/q/g -> k, dh -> d, y -> i), vowels after the first letter dropped
    (in words longer than four letters), doubled letters collapsed, per word.

    >>> name_skeleton("Muammar Gaddafi") == name_skeleton("Moammar Qaddafi")
    True
    >>> name_skeleton("Kim Jong Un") == name_skeleton("Kim Jong-un")
    True
    >>> name_skeleton("John Kirby") == name_skeleton("John Kerry")
    False
    >>> name_skeleton("Dan Smith") == name_skeleton("Don Smith")
    False
    """
    out = []
    for word in _plain(name).replace("'", " ").replace("’", " ").replace(".", " ").split():
        for a, b in _TRANSLIT:
            word = word.replace(a, b)
        if not word:
            continue
        # short words keep their vowels: "Dan Smith" and "Don Smith" are two people
        skel = word if len(word) <= 4 else word[0] + "".join(c for c in word[1:] if c not in _VOWELS)
        collapsed = [skel[0]]
        for c in skel[1:]:
            if c != collapsed[-1]:
                collapsed.append(c)
        out.append("".join(collapsed))
    return " ".join(out)


def country_of(speaker: str) -> str | None:
    """The country a speaker string names or implies ("North Korean official" -> "North Korea")."""
    m = _COUNTRY_RE.search(speaker.lower().replace("’", "'"))
    return _COUNTRY_KEYS[m.group(1)] if m else None


# --------------------------------------------------------------------------- speakers


@dataclass(slots=True)
class SpeakerConfig:
    """Thresholds of the speaker normaliser.

    `name_similarity`: rapidfuzz token_set_ratio for two spellings of one person's name
    ("Kim Jong Un" / "Kim Jong-un" score 100, "John Kirby" / "John Kerry" 80); 90 keeps
    transliteration variants and rejects different people sharing a first name.
    """

    name_similarity: float = 90.0


@dataclass(slots=True)
class _Speaker:
    key: tuple[str, str]  # (article id, speaker string)
    text: str
    kind: str
    country: str | None
    head: str
    modifiers: frozenset[str]
    count: int = 0


class SpeakerNormalizer:
    """Maps speaker strings of one story's articles onto canonical speakers.

    >>> n = SpeakerNormalizer()
    >>> m = n.normalize({"a": [Quote("x", "Pyongyang", 0, 1)], "b": [Quote("y", "DPRK", 0, 1)]})
    >>> m[("a", "Pyongyang")], m[("b", "DPRK")]
    ('North Korea', 'North Korea')
    """

    def __init__(self, config: SpeakerConfig | None = None) -> None:
        self.config = config or SpeakerConfig()

    def canonical(self, speaker: str) -> str:
        """A speaker string normalised on its own (no story context).

        >>> SpeakerNormalizer().canonical("the Kremlin")
        'Russia'
        """
        name = canonical_name(speaker.strip())
        metonym = METONYMS.get(name.lower())
        if metonym:
            return metonym
        if speaker_kind(name) in ("dperson", "dorg", "plural"):
            words = name.split()
            while len(words) > 1 and words[0].lower() in DETERMINERS:
                words.pop(0)
            words = [w for w in words if _fold(w) not in _ANONYMOUS] or words
            return " ".join(words)
        return name

    def normalize(
        self,
        quotes_by_article: Mapping[str, list[Quote]],
        clusters: list[QuoteCluster] | None = None,
    ) -> dict[tuple[str, str], str]:
        """(article id, speaker as in the article) -> canonical speaker for the story.

        The per-article speaker is `speaker_canonical` when set, else `speaker`. Pass the
        story's quote clusters to merge different descriptions of whoever said one quote.
        """
        speakers: dict[tuple[str, str], _Speaker] = {}
        for aid, quotes in quotes_by_article.items():
            for q in quotes:
                name = q.speaker_canonical or q.speaker
                if not name:
                    continue
                key = (aid, name)
                sp = speakers.get(key)
                if sp is None:
                    sp = speakers[key] = self._describe(key, name)
                sp.count += 1
        items = list(speakers.values())
        index = {sp.key: i for i, sp in enumerate(items)}
        uf = _UnionFind(len(items))
        self._merge_names(items, uf)
        self._merge_descriptions(items, uf)
        if clusters:
            self._merge_by_quotes(items, index, uf, quotes_by_article, clusters)
        groups: dict[int, list[int]] = defaultdict(list)
        for i in range(len(items)):
            groups[uf.find(i)].append(i)
        out: dict[tuple[str, str], str] = {}
        for members in groups.values():
            label = self._label([items[i] for i in members])
            for i in members:
                out[items[i].key] = label
        return out

    def _describe(self, key: tuple[str, str], name: str) -> _Speaker:
        canon = self.canonical(name)
        kind = speaker_kind(canon)
        if canon in METONYMS.values():
            kind = "country"
        head = _description_head(canon) if kind in ("dperson", "dorg", "plural") else ""
        mods = frozenset(
            _fold(w)
            for w in canon.split()
            if _fold(w) not in ANONYMITY_WORDS and _fold(w) != head and w.lower() not in DETERMINERS
        )
        return _Speaker(key, canon, kind, country_of(name), head, mods)

    def _merge_names(self, items: list[_Speaker], uf: _UnionFind) -> None:
        persons = [i for i, sp in enumerate(items) if sp.kind == "person"]
        by_text: dict[str, list[int]] = defaultdict(list)
        for i, sp in enumerate(items):
            if sp.kind in ("person", "org", "country"):
                by_text[sp.text.lower()].append(i)
        for same in by_text.values():
            for i in same[1:]:
                uf.union(same[0], i)
        full = [i for i in persons if len(items[i].text.split()) > 1]
        surnames: dict[str, set[str]] = defaultdict(set)
        for i in full:
            surnames[items[i].text.split()[-1].lower()].add(items[i].text.lower())
        for i in persons:
            toks = items[i].text.split()
            if len(toks) == 1:
                cands = [j for j in full if items[j].text.split()[-1].lower() == toks[0].lower()]
                if cands and len(surnames[toks[0].lower()]) == 1:
                    uf.union(i, cands[0])
                    continue
                # "Qaddafi" after "Muammar Gaddafi": the surname's skeleton, when one
                # full name of the story has it
                sk = name_skeleton(toks[0])
                cands = [j for j in full if name_skeleton(items[j].text.split()[-1]) == sk]
                if cands and len({name_skeleton(items[j].text) for j in cands}) == 1:
                    uf.union(i, cands[0])
        # transliterations with the same consonant skeleton ("Muammar Gaddafi" / "Moammar
        # Qaddafi" / "Kim Jong Un" / "Kim Jong-un"): one person
        by_skeleton: dict[str, list[int]] = defaultdict(list)
        for i in full:
            by_skeleton[name_skeleton(items[i].text)].append(i)
        for same in by_skeleton.values():
            for i in same[1:]:
                uf.union(same[0], i)
        # other spelling variants of full names ("Volodymyr Zelensky" / "Volodymyr
        # Zelenskyy"); buckets by the first token's skeleton keep this far from quadratic
        buckets: dict[str, list[int]] = defaultdict(list)
        for i in full:
            buckets[name_skeleton(items[i].text.split()[0])].append(i)
        for members in buckets.values():
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    x, y = _plain(items[members[a]].text), _plain(items[members[b]].text)
                    score = fuzz.token_set_ratio(x, y)
                    if score >= self.config.name_similarity and x.split()[-1][:3] == y.split()[-1][:3]:
                        uf.union(members[a], members[b])

    def _merge_descriptions(self, items: list[_Speaker], uf: _UnionFind) -> None:
        """Anonymous descriptions with the same country and role head are one speaker."""
        groups: dict[tuple[str | None, str], list[int]] = defaultdict(list)
        for i, sp in enumerate(items):
            if sp.kind in ("dperson", "dorg", "plural") and sp.country is not None:
                groups[(sp.country, sp.head.rstrip("s"))].append(i)
        for members in groups.values():
            # merge when one description's words are contained in the other's
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    ma, mb = items[members[a]].modifiers, items[members[b]].modifiers
                    if ma <= mb or mb <= ma:
                        uf.union(members[a], members[b])

    def _merge_by_quotes(
        self,
        items: list[_Speaker],
        index: dict[tuple[str, str], int],
        uf: _UnionFind,
        quotes_by_article: Mapping[str, list[Quote]],
        clusters: list[QuoteCluster],
    ) -> None:
        """Speakers of one quote across outlets are one speaker (unless two named people)."""
        for c in clusters:
            ids: list[int] = []
            for aid, qi in c.members:
                q = quotes_by_article[aid][qi]
                name = q.speaker_canonical or q.speaker
                if name and (aid, name) in index:
                    ids.append(index[(aid, name)])
            for a in ids[1:]:
                x, y = items[ids[0]], items[a]
                if _KIND_FAMILY.get(x.kind) != _KIND_FAMILY.get(y.kind):
                    continue
                if x.kind == "person" and y.kind == "person" and x.text.split()[-1] != y.text.split()[-1]:
                    continue
                if x.country and y.country and x.country != y.country:
                    continue
                uf.union(ids[0], a)

    @staticmethod
    def _label(members: list[_Speaker]) -> str:
        """The canonical label of a group: a full name, a country, else the usual description."""
        persons = [m for m in members if m.kind == "person"]
        if persons:
            return max(persons, key=lambda m: (len(m.text.split()), m.count, m.text)).text
        countries = [m for m in members if m.kind == "country"]
        if countries:
            return Counter(m.text for m in countries).most_common(1)[0][0]
        counts: Counter[str] = Counter()
        for m in members:
            counts[m.text] += m.count
        return max(counts, key=lambda t: (counts[t], len(t.split()), t))


_ANONYMOUS = frozenset(w for w in ANONYMITY_WORDS if w not in DETERMINERS)
# kinds that may denote the same speaker (a country is never the same as its official)
_KIND_FAMILY = {"person": "p", "dperson": "p", "org": "o", "dorg": "o", "country": "o", "plural": "pl"}


def _fold(word: str) -> str:
    w = word.lower().replace("’", "'").removesuffix("'s").strip(",.")
    return SPELLING.get(w, w)


# --------------------------------------------------------------------------- quote matching


@dataclass(slots=True)
class QuoteCluster:
    """One quote as carried by several articles.

    `members` are (article id, index into that article's quote list); `variants` the
    distinct wordings seen, the canonical `text` first.
    """

    id: str
    text: str
    speaker: str | None
    members: list[tuple[str, int]]
    outlets: list[str]
    first_seen: str | None
    variants: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)  # how each member matched, for "why"


@dataclass(slots=True)
class _QItem:
    aid: str
    idx: int
    quote: Quote
    norm: str
    tokens: list[str]


# Thresholds, chosen on invented variant pairs (tests/extract/test_speakers.py):
# - containment: a trimmed quote inside the fuller one, >= 3 words, always the same quote;
# - partial_ratio >= 90: best-aligned substring differs in <= 1 char of 10 (re-punctuated,
#   "defence"/"defense", a dropped word); unrelated quotes on one topic score 50-75;
# - token_set_ratio >= 88 when both have >= 5 words: word-order or small insertions;
# - ratio >= 80 for quotes of similar length: alternative translations that change a few
#   words ("stupid attempt to justify" / "foolish attempt to justify" = 84).
_PARTIAL = 90.0
_TOKEN_SET = 88.0
_RATIO = 80.0


def _shingles(tokens: list[str]) -> set[str]:
    if len(tokens) < 3:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + 3]) for i in range(len(tokens) - 2)}


def _same_quote(a: _QItem, b: _QItem) -> float:
    """A match score in [0, 100] (0: not the same quote)."""
    short, long_ = (a, b) if len(a.norm) <= len(b.norm) else (b, a)
    if not short.tokens:
        return 0.0
    if len(short.tokens) < 3:
        return 100.0 if short.norm == long_.norm else 0.0
    if short.norm in long_.norm:
        return 100.0
    pr = fuzz.partial_ratio(short.norm, long_.norm)
    if pr >= _PARTIAL and len(short.norm) >= 20:
        return pr
    # token_set is 100 for any word subset: require the shorter to be a sizeable part
    if len(short.tokens) >= 5 and len(short.tokens) >= 0.5 * len(long_.tokens):
        ts = fuzz.token_set_ratio(short.norm, long_.norm)
        if ts >= _TOKEN_SET:
            return ts
    if len(short.norm) >= 0.7 * len(long_.norm):
        r = fuzz.ratio(short.norm, long_.norm)
        if r >= _RATIO:
            return r
    return 0.0


def match_quotes(
    quotes_by_article: Mapping[str, list[Quote]],
    outlets: Mapping[str, str | None],
    dates: Mapping[str, str | None],
) -> list[QuoteCluster]:
    """Group the same quote across articles (trimmed, re-punctuated, re-translated).

    Candidate pairs come from an index of word trigrams (quotes of one or two words from
    exact text), so the cost grows with the number of quotes sharing wording, not with
    the square of all quotes. Singletons are returned too, so every quote has a cluster.
    """
    items: list[_QItem] = []
    for aid in sorted(quotes_by_article):
        for idx, q in enumerate(quotes_by_article[aid]):
            norm = normalize_quote_text(q.text)
            items.append(_QItem(aid, idx, q, norm, norm.split()))
    uf = _UnionFind(len(items))
    score: dict[int, float] = {}
    # identical wordings are joined at once; only one of each is compared (a wire quote
    # carried by 100 outlets costs one comparison per other wording, not 100 x 100)
    first_of: dict[tuple[str, bool], int] = {}
    uniques: list[int] = []
    for i, it in enumerate(items):
        key = (it.norm, it.quote.kind == "indirect")
        j = first_of.setdefault(key, i)
        if j != i:
            uf.union(j, i)
            score[i] = score[j] = 100.0
        else:
            uniques.append(i)
    index: dict[str, list[int]] = defaultdict(list)
    for i in uniques:
        for sh in _shingles(items[i].tokens):
            index[sh].append(i)
    for i in uniques:
        it = items[i]
        cands: Counter[int] = Counter()
        for sh in _shingles(it.tokens):
            posting = index[sh]
            if len(posting) > 200:  # a boilerplate phrase; other shingles will find real matches
                continue
            for j in posting:
                if j > i:
                    cands[j] += 1
        for j in cands:
            other = items[j]
            if (it.quote.kind == "indirect") != (other.quote.kind == "indirect"):
                continue  # a paraphrase is not the quote it paraphrases
            if other.aid == it.aid and other.quote.start < it.quote.end and it.quote.start < other.quote.end:
                continue
            s = _same_quote(it, other)
            if s > 0:
                uf.union(i, j)
                score[j] = max(score.get(j, 0.0), s)
                score[i] = max(score.get(i, 0.0), s)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[uf.find(i)].append(i)
    clusters: list[QuoteCluster] = []
    for members in groups.values():
        ms = [items[i] for i in members]
        # canonical text: the fullest direct wording (a trimmed version is a part of it)
        rank = {"direct": 0, "block": 0, "partial": 1, "indirect": 2}
        best = min(ms, key=lambda m: (rank.get(m.quote.kind, 3), -len(m.quote.text), m.aid, m.idx))
        variants: list[str] = [best.quote.text]
        for m in ms:
            if m.quote.text not in variants:
                variants.append(m.quote.text)
        speakers = Counter(m.quote.speaker_canonical or m.quote.speaker for m in ms if m.quote.speaker)
        speaker = None
        if speakers:
            named = [s for s in speakers if s and speaker_kind(s) == "person"]
            speaker = max(named or speakers, key=lambda s: (speakers[s], len(s or "")))
        outs = sorted({o for m in ms if (o := outlets.get(m.aid))})
        seen = sorted(d for m in ms if (d := dates.get(m.aid)))
        keys = [f"{m.aid}:{m.idx}" for m in ms]
        clusters.append(
            QuoteCluster(
                id=group_id("q", keys),
                text=best.quote.text,
                speaker=speaker,
                members=[(m.aid, m.idx) for m in ms],
                outlets=outs,
                first_seen=seen[0] if seen else None,
                variants=variants,
                scores={f"{items[i].aid}:{items[i].idx}": score.get(i, 100.0) for i in members},
            )
        )
    clusters.sort(key=lambda c: (-len(c.members), c.first_seen or "", c.id))
    return clusters
