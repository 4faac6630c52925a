"""Passage alignment on invented articles: trims, intros, reordering, rewording, splits."""

from __future__ import annotations

from newsprism.dedup import align, word_diff
from newsprism.dedup.align import prepare_units

WIRE = [
    "Officials in the coastal republic of Veltria said on Tuesday that the Karsen River dam had been "
    "closed to traffic after engineers found cracks in its northern spillway.",
    "The transport ministry said the closure would last at least three weeks while inspectors from the "
    "state water agency examined the structure.",
    "About 12,000 vehicles cross the dam every day, and the nearest alternative route adds roughly forty "
    "minutes to the journey between Ostrava Nova and the port of Delmar.",
    "Ministry spokeswoman Ilse Marovic told reporters that there was no immediate danger to residents "
    "living downstream of the reservoir.",
    "Local business owners in Delmar complained that the closure came at the start of the harvest "
    "season, when farmers rely on the route to reach the port.",
    "The dam, completed in 1978, was last renovated a decade ago under a programme financed by the "
    "regional development bank.",
]


def text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def piece(t: str, start: int | None, end: int | None) -> str:
    assert start is not None and end is not None
    return t[start:end]


def test_identical_texts_are_one_identical_passage() -> None:
    a = text(WIRE)
    al = align(a, a)
    assert [p.kind for p in al.passages] == ["identical"]
    assert al.coverage_a == al.coverage_b == 1.0
    assert al.shared_sentences == len(WIRE) and al.substantive_shared == len(WIRE)


def test_trimmed_ending_is_only_a_tail() -> None:
    a, b = text(WIRE), text(WIRE[:4])
    al = align(a, b)
    assert [p.kind for p in al.passages] == ["identical", "only_a"]
    tail = al.passages[-1]
    assert piece(a, tail.a_start, tail.a_end) == text(WIRE[4:])
    assert al.coverage_b == 1.0
    assert 0.55 < al.coverage_a < 0.8


def test_inserted_local_intro_is_only_b_head() -> None:
    intro = "Farmers near the Karsen valley town of Brisk said they feared for their harvest this autumn."
    a, b = text(WIRE), text([intro, *WIRE])
    al = align(a, b)
    assert al.passages[0].kind == "only_b"
    assert piece(b, al.passages[0].b_start, al.passages[0].b_end) == intro
    assert [p.kind for p in al.passages[1:]] == ["identical"]
    assert al.coverage_a == 1.0 and al.coverage_b < 1.0


def test_reordered_paragraphs_still_identical() -> None:
    order = [0, 3, 1, 5, 2, 4]
    a, b = text(WIRE), text([WIRE[k] for k in order])
    al = align(a, b)
    assert {p.kind for p in al.passages} == {"identical"}
    assert al.coverage_a == al.coverage_b == 1.0
    for p in al.passages:  # every passage maps to the same words in both texts
        assert piece(a, p.a_start, p.a_end) == piece(b, p.b_start, p.b_end)


def test_reworded_sentence_is_edited_with_word_diff() -> None:
    reworded = (
        "The ministry of transport said the closure would last at least three weeks while inspectors "
        "of the state water agency examine the structure."
    )
    a, b = text(WIRE), text([WIRE[0], reworded, *WIRE[2:]])
    al = align(a, b)
    edited = [p for p in al.passages if p.kind == "edited"]
    assert len(edited) == 1
    p = edited[0]
    assert piece(a, p.a_start, p.a_end) == WIRE[1]
    assert piece(b, p.b_start, p.b_end) == reworded
    assert 0.8 <= p.similarity < 1.0
    diff = word_diff(piece(a, p.a_start, p.a_end), piece(b, p.b_start, p.b_end))
    assert ("insert", "examine") in diff and ("delete", "examined") in diff
    assert " ".join(t for op, t in diff if op != "insert") == WIRE[1]
    assert " ".join(t for op, t in diff if op != "delete") == reworded
    assert al.coverage_a == 1.0


def test_split_sentence_matches_merged() -> None:
    long = WIRE[2]
    split = (
        "About 12,000 vehicles cross the dam every day. The nearest alternative route adds roughly forty "
        "minutes to the journey between Ostrava Nova and the port of Delmar."
    )
    a, b = text([WIRE[0], long, WIRE[3]]), text([WIRE[0], split, WIRE[3]])
    al = align(a, b)
    edited = [p for p in al.passages if p.kind == "edited"]
    assert len(edited) == 1
    assert piece(a, edited[0].a_start, edited[0].a_end) == long
    assert piece(b, edited[0].b_start, edited[0].b_end) == split
    assert al.coverage_a == 1.0 and al.coverage_b == 1.0


def test_unrelated_sentences_on_same_event_do_not_match() -> None:
    own = text(
        [
            "Drivers queued for hours at the Karsen crossing on Tuesday after the authorities shut the "
            "dam road without warning.",
            "Engineers have long warned that the spillway needed repairs, according to a report seen by "
            "this newspaper last year.",
        ]
    )
    al = align(text(WIRE), own)
    assert al.shared == []
    assert al.coverage_a == 0.0 and al.coverage_b == 0.0


def test_shared_quote_is_not_substantive() -> None:
    quote = '"We are acting out of caution, not because we expect the dam to fail," Marovic said.'
    a = text([WIRE[0], quote])
    b = text(["Traffic was diverted through the hills of Brisk for most of the week.", quote])
    al = align(a, b)
    assert al.shared_sentences == 1
    assert al.substantive_shared == 0  # a shared quote is not evidence of copy


def test_quote_share_spans_sentences() -> None:
    t = '"We will rebuild. The bridge will stand again by winter," the mayor said.'
    units = prepare_units(t)
    assert len(units.norms) == 2
    assert all(share > 0.5 for share in units.quote_share)


def test_word_diff_ignores_case_and_punctuation() -> None:
    assert word_diff("The dam, built in 1978.", "the dam built in 1978") == [
        ("equal", "The dam, built in 1978.")
    ]


def test_all_edits_at_once_each_passage_maps_to_its_source() -> None:
    """Intro added, ending trimmed, two paragraphs swapped and one sentence reworded."""
    intro = "Drivers in the hill town of Sarn were told on Wednesday to expect long detours."
    reworded = (
        "About 12,000 cars cross the dam each day, and the nearest alternative route adds roughly forty "
        "minutes to the journey between Ostrava Nova and the port of Delmar."
    )
    a = text(WIRE)
    b = text([intro, WIRE[1], WIRE[0], reworded, WIRE[3]])  # WIRE[4:] trimmed
    al = align(a, b)
    kinds = [p.kind for p in al.passages]
    assert kinds.count("edited") == 1 and kinds.count("only_b") == 1 and kinds.count("only_a") == 1
    for p in al.passages:
        if p.kind == "identical":
            assert piece(a, p.a_start, p.a_end) == piece(b, p.b_start, p.b_end)
        elif p.kind == "edited":
            assert piece(a, p.a_start, p.a_end) == WIRE[2]
            assert piece(b, p.b_start, p.b_end) == reworded
            diff = word_diff(piece(a, p.a_start, p.a_end), piece(b, p.b_start, p.b_end))
            assert {
                ("delete", "vehicles"),
                ("insert", "cars"),
                ("delete", "every"),
                ("insert", "each"),
            } <= set(diff)
        elif p.kind == "only_b":
            assert piece(b, p.b_start, p.b_end) == intro
        else:
            assert piece(a, p.a_start, p.a_end) == text(WIRE[4:])
    identical_a = {piece(a, p.a_start, p.a_end) for p in al.passages if p.kind == "identical"}
    assert " ".join(sorted(identical_a)).count(".") == 3  # WIRE[0], WIRE[1], WIRE[3] each found
    assert al.coverage_b > 0.8 and 0.5 < al.coverage_a < 0.8
