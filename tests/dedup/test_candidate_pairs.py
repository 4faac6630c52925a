"""`candidate_pairs` + `verify_pairs` in chunks gives exactly `verdicts` (the local
runner verifies chunks in worker processes)."""

from __future__ import annotations

from newsprism.dedup import CopyDetector
from tests.conftest import make_article

WIRE = (
    "Harbour officials in Velmora said on Tuesday that the eastern pier would stay closed until "
    "engineers finish checking the storm damage. The port authority estimated repairs at 4 million "
    "crowns. Fishing crews were told to use the northern basin in the meantime. "
    "A spokesperson for the authority, Ilse Marrow, said the closure could last three weeks. "
    "Traders warned that fish prices could rise while the pier stays shut."
)


def _corpus() -> list:
    arts = [make_article(WIRE, title="Velmora pier closed", url="https://a.example/1")]
    arts.append(make_article("Local view. " + WIRE, title="Pier shut", url="https://b.example/1"))
    arts.append(
        make_article(WIRE.replace("three weeks", "a month"), title="Velmora port", url="https://c.example/1")
    )
    arts.append(
        make_article(
            "The council of Brask approved a new library budget after a long debate on Monday. "
            "Councillors argued about opening hours and the cost of heating the old building.",
            title="Library budget",
            url="https://d.example/1",
        )
    )
    return arts


def test_chunked_verification_equals_verdicts() -> None:
    arts = _corpus()
    expected = list(CopyDetector().verdicts(arts))
    pairs = CopyDetector().candidate_pairs(arts)
    assert len(pairs) == len(expected) >= 3
    got = []
    for start in range(0, len(pairs), 2):  # chunks verified by separate detectors
        got.extend(CopyDetector().verify_pairs(pairs[start : start + 2]))
    assert [repr(v) for v in got] == [repr(v) for v in expected]
    assert sum(v.link is not None for v in got) >= 3
