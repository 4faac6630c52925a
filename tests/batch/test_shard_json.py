"""The shard writer's quote and claim JSON equals the `asdict` form it replaces."""

import json
from dataclasses import asdict

from newsprism.batch.shard import _CLAIM_FIELDS, _QUOTE_FIELDS, _records_json
from newsprism.models import Claim, Quote


def test_records_json_matches_asdict() -> None:
    quotes = [
        Quote("We sold nothing", "Ana Veld", 4, 19, "direct", "said", "ana veld", "a1"),
        Quote("talks ‘stalled’", None, 30, 45, kind="partial"),
    ]
    claims = [
        Claim("the port was closed", "the ministry", "denies", 0, 19, "denied", "a1", "c9"),
        Claim("über alles", None, "asserts", 2, 12),
    ]
    assert _records_json(quotes, _QUOTE_FIELDS) == json.dumps([asdict(q) for q in quotes], ensure_ascii=False)
    assert _records_json(claims, _CLAIM_FIELDS) == json.dumps([asdict(c) for c in claims], ensure_ascii=False)
    assert _records_json([], _QUOTE_FIELDS) == "[]"
