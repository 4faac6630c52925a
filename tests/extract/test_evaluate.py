"""The quote evaluation: brat parsing, span normalisation, matching and speaker match."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.extract.evaluate import (
    GoldAttribution,
    evaluate_extractor,
    load_brat,
    load_gold_json,
    score_article,
    speaker_matches,
)
from newsprism.models import Quote

TEXT = (
    "Budget vote delayed.\n\n"
    "“We need another week,” Mayor Ines Kolbe said. “Nobody should rush this.”\n\n"
    "She said the council would meet again on Friday."
)


def _ann() -> str:
    """A brat annotation of TEXT: one direct quote in two pieces, one indirect."""
    q1 = TEXT.index("“We need")
    q1_end = TEXT.index("week,”") + len("week,”")
    q2 = TEXT.index("“Nobody")
    q2_end = TEXT.index("this.”") + len("this.”")
    src = TEXT.index("Mayor Ines Kolbe")
    cue = TEXT.index("said")
    she = TEXT.index("She said")
    ind = TEXT.index("the council")
    ind_end = TEXT.index("Friday") + len("Friday")
    return "\n".join(
        [
            f"T1\tSource {src} {src + 16}\tMayor Ines Kolbe",
            f"T2\tCue {cue} {cue + 4}\tsaid",
            f"T3\tContent {q1} {q1_end};{q2} {q2_end}\tquote",
            f"T4\tAttribution {cue} {cue + 4}\tsaid",
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            f"T5\tSource {she} {she + 3}\tShe",
            f"T6\tCue {she + 4} {she + 8}\tsaid",
            f"T7\tContent {ind} {ind_end}\tthe council would meet again on Friday",
            f"T8\tAttribution {she + 4} {she + 8}\tsaid",
            "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
            "T9\tDiscard 0 6\tBudget",
        ]
    )


def test_load_brat_pieces_sources_and_direct_flag() -> None:
    ga = load_brat("a", TEXT, _ann())
    assert len(ga.attributions) == 2
    direct, indirect = ga.attributions
    assert direct.direct and not indirect.direct
    assert len(direct.content) == 2  # "partial + continuation" kept as two pieces
    assert direct.source_text == "Mayor Ines Kolbe"
    assert indirect.source_text == "She"


def _quote(text: str, speaker: str | None, kind: str = "direct") -> Quote:
    start = TEXT.index(text)
    return Quote(text, speaker, start, start + len(text), kind=kind)  # type: ignore[arg-type]


def test_score_perfect_prediction_with_pronoun_resolved_to_name() -> None:
    ga = load_brat("a", TEXT, _ann())
    preds = [
        _quote("We need another week", "Mayor Ines Kolbe"),
        _quote("Nobody should rush this.", "Ines Kolbe"),
        _quote("the council would meet again on Friday", "Ines Kolbe", "indirect"),
    ]
    s = score_article(ga.attributions, preds, TEXT)
    assert (s.direct.tp, s.direct.fp, s.direct.fn, s.direct.exact) == (2, 0, 0, 2)
    assert (s.all.tp, s.all.fp, s.all.fn) == (3, 0, 0)
    assert s.speaker_total == 2 and s.speaker_correct == 2


def test_score_overlap_threshold_and_spurious() -> None:
    ga = load_brat("a", TEXT, _ann())
    preds = [
        _quote("We need another", "Kolbe"),  # 15 of 20 characters: IoU 0.75, not exact
        _quote("Budget vote delayed.", "Kolbe"),  # no gold at all: a false positive
    ]
    s = score_article(ga.attributions, preds, TEXT)
    assert (s.direct.tp, s.direct.fp, s.direct.fn, s.direct.exact) == (1, 1, 1, 0)
    assert s.spurious == ["Budget vote delayed."]
    assert s.missed == ["Nobody should rush this."]


def test_partial_quote_inside_reported_speech_is_dont_care() -> None:
    text = "She said the plan was “a reckless gamble with public money” and left."
    start = text.index("the plan")
    end = text.index(" and left")
    gold = [GoldAttribution("a", ((start, end),), None, "Ada", text[start:end], False)]
    inner = text.index("a reckless")
    pred = [Quote("a reckless gamble with public money", "Ada", inner, inner + 35, kind="partial")]
    s = score_article(gold, pred, text)
    assert (s.direct.tp, s.direct.fp, s.direct.fn) == (0, 0, 0)


def test_speaker_matches_heads() -> None:
    assert speaker_matches(["Hillary Clinton"], "Mrs. Clinton")
    assert speaker_matches(["Brian Fallon"], "Brian Fallon, a campaign spokesman")
    assert speaker_matches(["Marta Quell"], "his coach at Lindholm, Marta Quell,")
    assert speaker_matches(["Chuck Schumer"], "Sen. Chuck Schumer (D-N.Y.)")
    assert speaker_matches([None, "a campaign spokesman"], "the campaign spokesman")
    assert speaker_matches(["Ostrander"], "he|Pavel Ostrander")
    assert not speaker_matches(["Trump"], "Trump's campaign")
    assert not speaker_matches([None], "Ada")
    assert not speaker_matches(["John Kerry"], "John Kirby")


def test_load_gold_json_and_evaluate(tmp_path: Path) -> None:
    data = {
        "articles": [
            {
                "id": "x",
                "text": "“Rivers do not wait for permits,” said Hal Merrow.",
                "quotes": [
                    {"text": "Rivers do not wait for permits", "speaker": "Hal Merrow", "direct": True}
                ],
            }
        ]
    }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    arts = load_gold_json(path)
    text = arts[0].text
    report = evaluate_extractor(
        lambda a: [Quote("Rivers do not wait for permits", "Hal Merrow", 1, 31)], arts
    )
    assert text[1:31] == "Rivers do not wait for permits"
    assert report.direct.f1 == 1.0 and report.speaker_accuracy == 1.0
