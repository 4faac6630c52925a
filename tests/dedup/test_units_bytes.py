"""Sentence units stored as bytes (`units_to_bytes` / `units_from_bytes`) align as prepared ones.

The batch runner prepares each article's units once, in the shard stage, and its
verification tasks read them back: the read units must be exactly the prepared ones,
and the alignment and verdict of a pair the same.
"""

from __future__ import annotations

import re

import pytest

from newsprism.dedup import CopyConfig, CopyDetector
from newsprism.dedup.align import _tokens, align_units, prepare_units, units_from_bytes, units_to_bytes
from newsprism.models import Article

_WIRE = (
    "Flooding closed the Orrin valley railway on Tuesday, the operator Dalemark Rail said. "
    "Engineers expect the line between Pellis and Crowe to reopen by Friday at the earliest.\n\n"
    "“We are doing all we can,” said Maren Tolsk, a spokeswoman. About 4,000 passengers a day use "
    "the route, most of them commuters into Pellis.\n\nRelated: more from our correspondents"
)
_TEXTS = [
    _WIRE,
    "",
    "... !!!",
    "İstanbul’s mayor met Ærø’s council on Monday. Ünïcödé names stayed as they were, 12,000 of them.",
    "Lone \ud800 surrogate in a sentence of five words. Another sentence follows here.",
]


@pytest.mark.parametrize("text", _TEXTS)
def test_units_round_trip_exactly(text: str) -> None:
    units = prepare_units(text)
    back = units_from_bytes(units_to_bytes(units), text)
    assert back == units
    assert [type(x) for x in back.quote_share] == [type(x) for x in units.quote_share]
    # without the text (as the batch verifier reads them) every other field is equal
    bare = units_from_bytes(units_to_bytes(units))
    assert bare.text == "" and bare.norms == units.norms and bare.spans == units.spans


def test_stored_units_align_like_prepared_ones() -> None:
    copy = "Local officials met on Wednesday to discuss the disruption. " + _WIRE.replace(
        "Friday", "Saturday"
    )
    ua, ub = prepare_units(_WIRE), prepare_units(copy)
    ra, rb = (units_from_bytes(units_to_bytes(u)) for u in (ua, ub))
    want, got = align_units(ua, ub), align_units(ra, rb)
    assert got == want
    assert want.shared_sentences >= 3  # the pair shares copy: the comparison is not vacuous
    det = CopyDetector(CopyConfig())
    sig = det._unpack(det.fingerprint(Article("a", "s", "t", _WIRE))).signature
    verdict = det._verify_ids("a", "b", ra, rb, sig, sig)
    assert verdict.link is not None and verdict.link.a_id == "a" and verdict.kind == "same_copy"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"XXXX\x01" + bytes(8),
        units_to_bytes(prepare_units(_WIRE))[:-3],
        units_to_bytes(prepare_units(_WIRE)) + b"x",
    ],
)
def test_other_bytes_are_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        units_from_bytes(data)


def test_ascii_tokens_equal_the_general_rule() -> None:
    sentence = "Rain CLOSED the U.S. pass on Monday, 12,000 drivers' cars - Crews' well-known O'Neill."
    general = [t.lower().replace("’", "'") for t in re.findall(r"[^\W_]+(?:['’.,-][^\W_]+)*", sentence)]
    assert sentence.isascii() and _tokens(sentence) == general
    # non-ASCII text keeps the per-token rule: lowering the whole text would split "İ"
    assert _tokens("İstanbul’s mayor") == ["i̇stanbul's", "mayor"]


def test_fingerprint_from_prepared_units_is_the_fingerprint() -> None:
    det = CopyDetector()
    art = Article("a", "s", "t", _WIRE)
    assert det._fingerprint_units(art, prepare_units(art.text)) == det.fingerprint(art)
