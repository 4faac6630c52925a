"""Attribution frames: who says what, read from the words around a speech verb.

A frame is the speaker's noun phrase plus its verb: "military spokesperson Major Senna
Holt told reporters", "said the official", "according to a police statement". Frames
serve two purposes:

- `lead_speaker` (compare.coverage) reports whose statement comes first in an article;
- `strip_attribution` removes frames before sentences are compared, so two different
  statements by the same speaker ("..., Holt told reporters.") do not look alike
  because of the frame they share.

Heuristic, no parser: the speaker is the run of capitalised words, role nouns
("official", "ministry", "spokesperson"...) and connectors ("Ministry *of* Defence")
just before the verb, or, in inverted order ('"...," said the official'), the
words just after it up to the clause end.

>>> text = "A senior defence official said on Friday that talks failed."
>>> [(f.verb, f.speaker) for f in attribution_frames(text)]
[('said', 'senior defence official')]
>>> strip_attribution('"We will rebuild," military spokesperson Major Ana Holt told reporters.')
'"We will rebuild," .'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsprism.compare.lexicon import attribution_verbs
from newsprism.text import STOPWORDS, sentence_spans


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


PRONOUNS = _wordset("it he she they we i you this that which who")
# lowercase words that belong to a speaker's noun phrase ("senior defence official")
ROLE_WORDS = _wordset(
    """official officials spokesperson spokesman spokeswoman spokespeople minister ministry ministers
    police army government president leader leaders agency director chief secretary ambassador
    analyst analysts expert experts source sources resident residents witness witnesses authorities
    authority diplomat diplomats statement report reports media officer officers commander general
    envoy representative deputy senior unnamed unidentified anonymous foreign defence defense
    interior state military national security coast guard council union company companies firm
    prosecutor prosecutors judge court lawyer lawyers mayor governor premier prime department office
    service intelligence administration parliament lawmaker lawmakers campaigners group groups vice
    head former top local regional federal news organisers organizers activists doctors aide aides"""
)
CONNECTORS = _wordset("of for in at and de")
TIME_WORDS = _wordset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning
    afternoon evening night week month year earlier later last this on late early"""
)
# words between a speaker and the verb: "the ministry has also firmly denied"
AUXILIARIES = _wordset(
    """has have had was were is are also later earlier then again once publicly repeatedly
    previously reportedly allegedly first further"""
)
DETERMINERS = _wordset("a an the this that its their his her")
# what a speech verb is often said *to*: dropped with the frame
_AUDIENCE = re.compile(
    r"\s*(?:(?:to\s+)?(?:reporters|journalists|the\s+press|a\s+(?:news\s+|press\s+)?(?:briefing|conference)"
    r"|state\s+media|the\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?))(?=[\s.,;:]|$)"
)
_TOKEN = re.compile(r"[\w'’.-]+")
_CLAUSE_STOP = re.compile(r"[,;:“”\"«»()]|\s[-–—]\s")
_MAX_INVERTED = 7  # "said Major Senna Holt of the army" (7); a reported clause is usually longer
_RELATIVE = re.compile(r"\s(?:who|which|that|whose)\s", re.IGNORECASE)


@dataclass(slots=True, frozen=True)
class Frame:
    """One attribution: the verb, its speaker (None when a pronoun or unreadable) and spans."""

    verb: str  # canonical form ("said", "claimed", "according to")
    verb_start: int
    verb_end: int
    speaker: str | None
    start: int  # span of the whole frame (speaker + verb + audience)
    end: int


def attribution_frames(text: str) -> list[Frame]:
    """The attribution frames of `text`, in order."""
    frames: list[Frame] = []
    verbs = attribution_verbs(text)
    spans = sentence_spans(text) if verbs else []  # most sentences have no verb: no split needed
    for verb, vs, ve in verbs:
        s_start, s_end = next(((s, e) for s, e in spans if s <= vs < e), (0, len(text)))
        speaker, start, end = _speaker(text, verb, vs, ve, s_start, s_end)
        if verb != "according to":
            m = _AUDIENCE.match(text, end, s_end)
            if m and m.end() > end:
                end = m.end()
        frames.append(Frame(verb, vs, ve, speaker, start, end))
    return frames


def strip_attribution(text: str) -> str:
    """`text` with its attribution frames removed (each replaced by one space)."""
    return _strip_attribution(text)


# Cached: copies of one wire story repeat their sentences across a story's articles,
# and fact grouping strips every sentence of every article
@lru_cache(maxsize=16384)
def _strip_attribution(text: str) -> str:
    out, pos = [], 0
    for f in attribution_frames(text):
        if f.start < pos:
            continue
        out.append(text[pos : f.start])
        out.append(" ")
        pos = f.end
    out.append(text[pos:])
    return " ".join("".join(out).split())


def _speaker(text: str, verb: str, vs: int, ve: int, s_start: int, s_end: int) -> tuple[str | None, int, int]:
    """(speaker, frame start, frame end) for the verb at text[vs:ve]."""
    if verb == "according to":
        speaker, end = _after(text, ve, s_end)
        return speaker, vs, end
    stops = list(_CLAUSE_STOP.finditer(text, s_start, vs))
    chunk_start = stops[-1].end() if stops else s_start
    tokens = list(_TOKEN.finditer(text, chunk_start, vs))
    # "the ministry has also firmly denied on Tuesday": skip auxiliaries, adverbs, time words
    while tokens and _skippable(tokens[-1].group(0)):
        tokens.pop()
    if not tokens:
        speaker, end = _after(text, ve, s_end)  # inverted order: '"...," said the official'
        return speaker, vs, end
    if tokens[-1].group(0).lower() in PRONOUNS:
        return None, tokens[-1].start(), ve  # "it said": the speaker is named elsewhere
    taken: list[re.Match[str]] = []
    for tok in reversed(tokens):
        w = tok.group(0)
        low = w.lower()
        in_phrase = w[:1].isupper() or w[:1].isdigit() or low in ROLE_WORDS or low.endswith(("'s", "’s"))
        # "Officials in Kavala", "Ministry of Defence": a connector before a name
        connects = low in CONNECTORS and bool(taken) and taken[-1].group(0)[:1].isupper()
        if not (in_phrase or connects):
            break
        taken.append(tok)
    if not taken and tokens[-1].group(0).isalpha() and tokens[-1].group(0).lower() not in STOPWORDS:
        taken = [tokens[-1]]  # a plain noun subject: "aides said"
    taken.reverse()
    while taken and (taken[0].group(0).lower() in CONNECTORS or taken[0].group(0).lower() in DETERMINERS):
        taken.pop(0)
    taken = taken[-8:]
    if not taken:
        return None, vs, ve
    speaker = " ".join(t.group(0) for t in taken).strip(" .")
    return (speaker or None), taken[0].start(), ve


def _skippable(word: str) -> bool:
    low = word.lower()
    return low in AUXILIARIES or low in TIME_WORDS or (word.islower() and low.endswith("ly"))


def _after(text: str, start: int, limit: int) -> tuple[str | None, int]:
    """The speaker named right after a verb, up to the clause end, and where it ends."""
    stop = _CLAUSE_STOP.search(text, start, limit)
    clause_end = stop.start() if stop else limit
    rel = _RELATIVE.search(text, start, clause_end)
    if rel:
        clause_end = rel.start()
    tokens = list(_TOKEN.finditer(text, start, clause_end))
    first = tokens[0].group(0).lower() if tokens else ""
    # "said on Tuesday" / "said it" / "said in a statement": nothing to name
    if not tokens or first in TIME_WORDS or first in PRONOUNS or first in ("in", "at", "that"):
        return None, start
    # an inverted speaker is a short noun phrase closing its clause ('"...," said the
    # official.'); a longer run is the reported clause itself ("Vint, the prime minister,
    # said the country would observe ..."), which must stay in the compared text
    if len(tokens) > _MAX_INVERTED:
        return None, start
    words = [t.group(0) for t in tokens]
    while words and words[0].lower() in DETERMINERS:
        words.pop(0)
    if not words or not (words[0][:1].isupper() or words[0].lower().rstrip(".") in ROLE_WORDS):
        return None, start
    speaker = " ".join(words).strip(" .")
    return (speaker or None), tokens[-1].end()
