"""Word lists the compare stage matches against, kept as data so they can be reviewed.

- `ATTRIBUTION_VERBS`: speech and attribution verbs, each with the forms that count
  for it, built from the extract stage's lexicon (`newsprism.extract.lexicon.SPEECH_VERBS`,
  the one list of speech verbs). Counts are reported under the canonical (past-tense)
  form, so "claims", "claim", "claiming" and "claimed" all count as "claimed".
- `HEDGES`: words that put distance between the outlet and a statement.
- `NEGATIONS`: cues that a sentence denies or negates its proposition.
- `LOADED_TERMS`: a small lexicon of evaluative words often used to frame a side
  ("regime", "so-called", "groundless"...). It flags wording, it does not judge it:
  the same word is neutral in some contexts, so the counts are signals to read,
  not verdicts.

All matching is on lower-cased word boundaries; multi-word entries match with any
run of spaces or hyphens between their words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsprism.extract.lexicon import ANY_VERB_LEMMA, CLAUSE_LEMMAS, NOUNISH_LEMMAS, SPEECH_VERBS, VERB_LEMMA

# Speech verbs come from the extract stage's lexicon (`newsprism.extract.lexicon`), the
# single list of speech verbs in newsprism; this module only chooses which of them
# count as attribution in running text and names each by its past tense. Counted: the
# verbs that take a reported clause ("X said/claimed/admitted (that) ...") plus a few
# that frame a statement without one ("accused", "dismissed", "added"). Verbs that
# mostly narrate ("continue", "call", "post", "answer") are left out: as attribution
# they would strip ordinary clauses from compared sentences.
_ATTRIBUTION_LEMMAS: frozenset[str] = CLAUSE_LEMMAS | frozenset({"accuse", "add", "deny", "dismiss"})


def _past(lemma: str, forms: tuple[str, ...]) -> str:
    """The past-tense form that names a verb in counts ("claim" -> "claimed", "say" -> "said")."""
    for form in forms:
        if form.endswith("ed") and form != lemma:
            return form
    return forms[2] if len(forms) >= 3 else forms[0]


def _spelling(lemma: str) -> str:
    # one name for British and American spellings of a verb ("emphasised" / "emphasized")
    if lemma.endswith("ise") and lemma[:-3] + "ize" in SPEECH_VERBS:
        return lemma[:-3] + "ize"
    return lemma


# canonical form (past tense) -> forms that count for it. "according to" is the one
# multi-word cue, and not a verb, so it is listed here rather than in the extract lexicon.
# Forms follow the extract lexicon's noun rule (`VERB_LEMMA`: "states", "notes", "reports"
# are nouns, only "stated", "noted", "reported" count), except "claims", kept as the verb
# it usually is in news ("Velm claims the engines were forged") unless "of" follows.
ATTRIBUTION_VERBS: dict[str, tuple[str, ...]] = {}
for _lemma in sorted(_ATTRIBUTION_LEMMAS & set(SPEECH_VERBS)):
    _canon = _past(_spelling(_lemma), SPEECH_VERBS[_spelling(_lemma)])
    _forms = [f for f in SPEECH_VERBS[_lemma] if VERB_LEMMA.get(f) == _lemma or f == "claims"]
    ATTRIBUTION_VERBS[_canon] = tuple(dict.fromkeys((*ATTRIBUTION_VERBS.get(_canon, ()), *_forms)))
ATTRIBUTION_VERBS["according to"] = ("according to",)
# lemma of each canonical form, to apply the extract lexicon's noun rule
_CANON_LEMMA: dict[str, str] = {
    _past(_spelling(lemma), SPEECH_VERBS[_spelling(lemma)]): _spelling(lemma)
    for lemma in _ATTRIBUTION_LEMMAS & set(SPEECH_VERBS)
}

# Words before a form that show it is a noun or an adjective, not a speech verb:
# "the claims", "such claims", "over alleged shipments", "the accused".
NON_VERB_PRECEDERS: frozenset[str] = frozenset(
    [
        "the",
        "a",
        "an",
        "such",
        "these",
        "those",
        "this",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "of",
        "over",
        "about",
        "against",
        "amid",
        "despite",
        "with",
        "on",
        "in",
        "for",
        "to",
        "any",
        "no",
    ]
)

HEDGES: tuple[str, ...] = (
    "reportedly",
    "allegedly",
    "purportedly",
    "apparently",
    "may",
    "might",
    "could",
    "possibly",
    "unconfirmed",
    "unverified",
    "so-called",
    "is believed to",
    "are believed to",
    "is thought to",
    "appears to",
    "appear to",
    "rumoured",
    "rumored",
)

NEGATIONS: tuple[str, ...] = (
    "not",
    "n't",
    "never",
    "no",
    "none",
    "nothing",
    "nobody",
    "no-one",
    "neither",
    "nor",
    "denied",
    "denies",
    "deny",
    "denying",
    "rejected",
    "rejects",
    "refuted",
    "refutes",
    "dismissed",
    "dismisses",
    "false",
    "untrue",
)

# Words that call a statement false: they make a sentence negative wherever they stand
# ("dismissed the display as a forgery" and "said the display was a forgery" agree).
FALSITY: tuple[str, ...] = (
    "fake",
    "forgery",
    "forged",
    "false",
    "falsely",
    "untrue",
    "fabricated",
    "fabrication",
    "baseless",
    "groundless",
    "unfounded",
    "hoax",
    "lie",
    "lies",
    "fairy tale",
    "fiction",
)

# Small, documented lexicon of loaded framing terms (canonical -> variants).
LOADED_TERMS: dict[str, tuple[str, ...]] = {
    "regime": ("regime", "regimes"),
    "so-called": ("so-called",),
    "groundless": ("groundless", "baseless", "unfounded"),
    "hostile forces": ("hostile forces", "hostile force", "hostile military forces"),
    "terrorist": ("terrorist", "terrorists", "terror group"),
    "puppet": ("puppet", "puppets"),
    "rumour": ("rumour", "rumours", "rumor", "rumors"),
    "propaganda": ("propaganda",),
    "aggression": ("aggression", "aggressor"),
    "fake": ("fake", "fabricated", "fabrication"),
    "vassal": ("vassal", "vassals"),
    "hegemonic": ("hegemonic", "hegemony"),
    "junta": ("junta",),
    "provocation": ("provocation", "provocations"),
    "reckless": ("reckless",),
    "smear": ("smear", "slander", "slanderous"),
    "illegal": ("illegal", "unlawful"),
}


def phrase_pattern(phrases: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of `phrases` on word boundaries.

    Longer phrases are tried first so "hostile military forces" wins over "hostile forces".
    Group `m` holds the match. The boundaries stand outside the alternation so the
    engine checks them once per position, not once per phrase; the alternation itself
    is factored by common prefixes (`phrase_trie`), which matches exactly what the
    plain longest-first alternation matches, ~5x faster on article text.

    >>> bool(phrase_pattern(["so-called"]).search("the So-Called republics"))
    True
    """
    body = phrase_trie(phrases)
    if body is None:
        body = _flat_alternation(phrases)
    return re.compile(r"(?<![\w'’-])(?P<m>" + body + r")(?![\w-])", re.IGNORECASE)


def _flat_alternation(phrases: tuple[str, ...] | list[str]) -> str:
    """The phrases as one alternation, longest first (words joined by runs of spaces or hyphens)."""
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        parts.append(r"[\s-]+".join(re.escape(w) for w in p.split()))
    return "|".join(parts)


def phrase_trie(phrases: tuple[str, ...] | list[str]) -> str | None:
    r"""`_flat_alternation(phrases)` factored by common prefixes, or None when that could differ.

    Two phrases that match at one position then follow one path of the tree, so the
    longer is tried first in both forms (greedy optional groups), and a failed word
    boundary after it backtracks to the shorter one in both. That needs the branches at
    each node to exclude each other: it does not hold when one phrase has a hyphen where
    another has a space ("so-called" / "so called": both match "so-called"), nor for
    a word starting or ending with a hyphen, nor for upper-case letters under
    IGNORECASE; those lists keep the flat alternation.

    >>> print(phrase_trie(["said", "say", "according to"]))
    (?:according[\s-]+to|sa(?:id|y))
    """
    sep = " "  # a word break: one run of spaces or hyphens
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in set(phrases):
        words = phrase.split()
        if (
            not words
            or phrase != phrase.lower()
            or not all(ch.isascii() or ch in "’‘" for ch in phrase)  # no case folding surprises
            or any(w[0] == "-" or w[-1] == "-" for w in words)
        ):
            return None
        node = tree
        for n, word in enumerate(words):
            if n:
                node = node.setdefault(sep, {})
            for ch in word:
                node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str | None:  # type: ignore[type-arg]
        if sep in node and "-" in node:
            return None
        branches = []
        for ch, sub in sorted(node.items()):
            if not ch:
                continue
            rest = emit(sub)
            if rest is None:
                return None
            branches.append((r"[\s-]+" if ch == sep else re.escape(ch)) + rest)
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return emit(tree)


def _norm(form: str) -> str:
    # one key for "so-called", "so called" and "So-Called"
    return _SEP.sub(" ", form.lower())


_SEP = re.compile(r"[\s-]+")
FORM_TO_VERB: dict[str, str] = {_norm(f): canon for canon, forms in ATTRIBUTION_VERBS.items() for f in forms}
ATTRIBUTION_RE = phrase_pattern(list(FORM_TO_VERB))
HEDGE_RE = phrase_pattern(list(HEDGES))
NEGATION_RE = re.compile(
    r"(?:n['’]t\b)|" + phrase_pattern([n for n in NEGATIONS if n != "n't"]).pattern, re.IGNORECASE
)
LOADED_FORM_TO_TERM: dict[str, str] = {
    _norm(v): canon for canon, forms in LOADED_TERMS.items() for v in forms
}
LOADED_RE = phrase_pattern(list(LOADED_FORM_TO_TERM))
_PREV_WORD = re.compile(r"([\w'’-]+)\W*$")
_NEXT_OF = re.compile(r"\s+of\b", re.IGNORECASE)
_QUOTE_CLOSE = frozenset('"”’»')


def _after_quote(text: str, prev: re.Match[str]) -> bool:
    """Whether the previous word closes a quotation ('"No," said ...'): then it is no determiner."""
    return any(c in _QUOTE_CLOSE for c in text[prev.end(1) : prev.end()])


def attribution_verbs(text: str) -> list[tuple[str, int, int]]:
    """The attribution verbs in `text` as (canonical form, start, end).

    Noun and adjective uses are skipped when a determiner or preposition comes just
    before ("US claims of arms transfers" still counts, a known limit; "such claims" does not).

    >>> text = "Kirby admitted it. Such claims were made, the official claimed."
    >>> [v for v, _, _ in attribution_verbs(text)]
    ['admitted', 'claimed']
    """
    return list(_attribution_verbs(text))


# Cached: fact grouping reads each sentence twice (attribution frames, then treatment),
# and the scan was the largest self-time of story comparison on the 1k benchmark corpus.
@lru_cache(maxsize=16384)
def _attribution_verbs(text: str) -> tuple[tuple[str, int, int], ...]:
    out: list[tuple[str, int, int]] = []
    for m in ATTRIBUTION_RE.finditer(text):
        form = _norm(m.group("m"))
        canon = FORM_TO_VERB.get(form)
        if canon is None:
            continue
        if canon != "according to":
            prev = _PREV_WORD.search(text, max(0, m.start() - 40), m.start())
            if prev and prev.group(1).lower() in NON_VERB_PRECEDERS and not _after_quote(text, prev):
                continue
            # "claims of": the noun (extract lexicon's NOUNISH_LEMMAS)
            if (
                _CANON_LEMMA.get(canon) in NOUNISH_LEMMAS
                and form.endswith("s")
                and _NEXT_OF.match(text, m.end())
            ):
                continue
            # an -ing form attributes as a participle after a comma (", saying the guild had
            # failed"); elsewhere it is mostly a noun ("a storm warning", "the briefing")
            if form.endswith("ing") and not text[max(0, m.start() - 8) : m.start()].rstrip().endswith(","):
                continue
        out.append((canon, m.start(), m.end()))
    return tuple(out)


def verb_name(form: str) -> str:
    """The name attribution counts use for any speech-verb form of the extract lexicon.

    Quote cues ("calling", "quipped") name verbs beyond `ATTRIBUTION_VERBS`; they are
    counted under their past tense too, so one outlet's counts never mix forms.

    >>> verb_name("Claims"), verb_name("calling"), verb_name("according to"), verb_name("shrugged")
    ('claimed', 'called', 'according to', 'shrugged')
    """
    key = _norm(form.strip())
    if key in FORM_TO_VERB:
        return FORM_TO_VERB[key]
    lemma = ANY_VERB_LEMMA.get(key)
    if lemma is None:
        return key
    return _past(_spelling(lemma), SPEECH_VERBS[_spelling(lemma)])


def loaded_terms(text: str) -> list[tuple[str, int, int]]:
    """Loaded framing terms in `text` as (canonical term, start, end).

    >>> [t for t, _, _ in loaded_terms("a groundless rumor spread by hostile forces")]
    ['groundless', 'rumour', 'hostile forces']
    """
    out = []
    for m in LOADED_RE.finditer(text):
        canon = LOADED_FORM_TO_TERM.get(_norm(m.group("m")))
        if canon is not None:
            out.append((canon, m.start(), m.end()))
    return out


_COULD_NOT = re.compile(r"(?:n['’]t|\s+not)\b", re.IGNORECASE)


def has_hedge(text: str) -> bool:
    """Whether `text` hedges ("reportedly", "may", "so-called"...).

    >>> has_hedge("He may resign."), has_hedge("He resigned in May."), has_hedge("It could not be saved.")
    (True, False, False)
    """
    for m in HEDGE_RE.finditer(text):
        # capitalised "May" inside a sentence is the month
        if m.group("m") == "May" and m.start() > 0:
            continue
        # "could not be saved" states an inability, it does not hedge
        if m.group("m").lower() == "could" and _COULD_NOT.match(text, m.end()):
            continue
        return True
    return False


FALSITY_RE = phrase_pattern(list(FALSITY))


def calls_false(text: str) -> bool:
    """Whether `text` calls something false ("fake", "a forgery", "baseless"...)."""
    return _calls_false(text)


# Cached: fact polarity asks it of every member sentence twice (whether to gather the
# other members' terms, then in `negates`), and support checks ask it of the same
# sentences again (~3 us a search; measured serially on the 10k benchmark corpus: support
# checks 1.45 -> 1.32 s CPU, summaries 6.87 -> 6.45 s)
@lru_cache(maxsize=16384)
def _calls_false(text: str) -> bool:
    return FALSITY_RE.search(text) is not None


_NOT_ONLY = re.compile(r"\bnot\s+only\b", re.IGNORECASE)


def is_negative(text: str) -> bool:
    """Whether `text` negates or denies its proposition ("never", "not", "denied"...).

    >>> is_negative("It has never sold arms."), is_negative("It sold not only arms but fuel.")
    (True, False)
    """
    return NEGATION_RE.search(_NOT_ONLY.sub(" ", text)) is not None


_CLAUSE_END = re.compile(r"[,;:.!?()\[\]—–]|\s-\s")
_WORD_RE = re.compile(r"[\w'’-]+")


def negation_scopes(text: str, max_words: int = 6) -> list[tuple[int, int]]:
    """Spans a negation cue governs: the next `max_words` words, up to the clause end.

    A cheap stand-in for a parser's negation scope, used so that "did not go into
    detail" does not make a sentence about arms sales negative. A cue at the end of
    its clause gets an empty span.

    >>> t = "It has never sold arms to Ruritania, officials said."
    >>> [t[s:e] for s, e in negation_scopes(t)]
    [' sold arms to Ruritania']
    """
    return list(_negation_scopes(text, max_words))


# Cached: a fact's member sentences are checked for polarity by fact grouping and
# again by every support check of the summary that matches them.
@lru_cache(maxsize=16384)
def _negation_scopes(text: str, max_words: int) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    masked = _NOT_ONLY.sub(lambda m: " " * len(m.group(0)), text)
    for m in NEGATION_RE.finditer(masked):
        start = m.end()
        stop = _CLAUSE_END.search(text, start)
        limit = stop.start() if stop else len(text)
        end = start
        for n, w in enumerate(_WORD_RE.finditer(text, start, limit)):
            if n >= max_words:
                break
            end = w.end()
        # an empty scope ("..., and Tarsova had denied.") is kept: it negates the clause before it
        spans.append((start, end))
    return tuple(spans)
