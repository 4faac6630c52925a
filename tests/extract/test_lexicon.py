"""The speech-verb lexicon other stages import: every verb has a framing class."""

from __future__ import annotations

from newsprism.extract.lexicon import (
    FRAMING_CLASSES,
    SPEECH_VERB_FORMS,
    SPEECH_VERBS,
    VERB_FRAMING,
    framing_of,
)


def test_every_speech_verb_has_one_known_framing_class() -> None:
    assert set(VERB_FRAMING) == set(SPEECH_VERBS)
    assert set(VERB_FRAMING.values()) <= set(FRAMING_CLASSES)
    assert set(FRAMING_CLASSES) == set(VERB_FRAMING.values())  # no empty class


def test_forms_map_to_their_lemma_and_class() -> None:
    for lemma, forms in SPEECH_VERBS.items():
        for form in forms:
            assert SPEECH_VERB_FORMS[form] == lemma
    cases = {
        "said": "neutral",
        "told": "neutral",
        "claimed": "contested",
        "alleges": "contested",
        "admitted": "concessive",
        "insisted": "assertive",
        "denied": "denial",
        "accused": "accusatory",
        "joked": "emotive",
        "asked": "question",
        "urged": "directive",
        "dubbed": "labelling",
        "According to": "neutral",
    }
    assert {v: framing_of(v) for v in cases} == cases
    assert framing_of("harvested") is None
