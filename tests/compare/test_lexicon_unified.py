"""compare's attribution verbs come from the extract stage's single speech-verb lexicon."""

from __future__ import annotations

from newsprism.compare.attribution import strip_attribution
from newsprism.compare.lexicon import ATTRIBUTION_VERBS, FORM_TO_VERB, attribution_verbs, verb_name
from newsprism.extract.lexicon import SPEECH_VERBS


def test_every_attribution_form_is_an_extract_speech_verb_form() -> None:
    extract_forms = {f for forms in SPEECH_VERBS.values() for f in forms}
    for canon, forms in ATTRIBUTION_VERBS.items():
        if canon == "according to":
            continue
        assert set(forms) <= extract_forms, canon
    assert {"said", "claimed", "admitted", "insisted", "alleged", "denied"} <= set(ATTRIBUTION_VERBS)
    assert FORM_TO_VERB["claims"] == "claimed" and FORM_TO_VERB["emphasised"] == "emphasized"


def test_nouns_and_narration_are_not_attribution() -> None:
    text = (
        "The United States said it would act. A storm warning was issued. US claims of arms sales grew. "
        "The company argued, saying the guild failed. He claims it was forged."
    )
    assert [v for v, _, _ in attribution_verbs(text)] == ["said", "argued", "said", "claimed"]
    assert attribution_verbs('"No," said a senior official.')[0][0] == "said"


def test_quote_cues_are_named_by_their_past_tense() -> None:
    assert [verb_name(c) for c in ("says", "Admits", "calling", "according to")] == [
        "said",
        "admitted",
        "called",
        "according to",
    ]


def test_strip_attribution_keeps_the_reported_clause() -> None:
    # an appositive speaker before "said": what follows is the statement, not a speaker
    kept = strip_attribution(
        "Lora Vint, the prime minister, said the country would observe three days of mourning."
    )
    assert "observe three days of mourning" in kept
    assert strip_attribution('"We will rebuild," said the official.') == '"We will rebuild,"'
