"""Quality ratchet for fact grouping on invented labelled stories (tests/compare/fixtures/fact_labels.json).

Pairwise precision/recall over sentences of different articles. Measured when pinned
(2026-11-23, `scripts/eval_summaries.py`): precision 1.000, recall 0.581 (18/18
predicted pairs correct, 31 gold pairs). The grouper favours precision (a wrong merge
misstates who reported what); recall misses are paraphrases with little shared wording.
"""

from __future__ import annotations

from pathlib import Path

from newsprism.compare.evaluate import fact_grouping_scores, labelled_story, load_labelled

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "fact_labels.json"
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.55


def test_fact_grouping_floors() -> None:
    stories = load_labelled(FIXTURE)
    assert len(stories) == 3
    scores = fact_grouping_scores(stories)
    assert scores.gold_pairs >= 30
    assert scores.precision >= PRECISION_FLOOR
    assert scores.recall >= RECALL_FLOOR


def test_labelled_story_spans_match_the_text() -> None:
    for story in load_labelled(FIXTURE):
        for art in story.articles:
            spans = story.labels[art.id]
            assert spans and all(art.text[s:e].endswith(".") for s, e, _ in spans)


def test_scores_of_a_perfect_and_a_wrong_grouping() -> None:
    def story(label_b: str) -> dict:  # type: ignore[type-arg]
        return {
            "story": {"id": "s", "title": "t"},
            "articles": [
                {
                    "id": "a",
                    "outlet": "A",
                    "paragraphs": [
                        [
                            [
                                "Rebels seized the northern port of Kavala on Monday after a week of fighting.",
                                "x",
                            ]
                        ],
                        [["The harbour master of Kavala resigned in protest at the slow evacuation.", "y"]],
                    ],
                },
                {
                    "id": "b",
                    "outlet": "B",
                    "paragraphs": [
                        [
                            [
                                "Rebels seized the northern port of Kavala on Monday after a week of heavy fighting.",
                                label_b,
                            ]
                        ],
                    ],
                },
            ],
        }

    right = fact_grouping_scores([labelled_story(story("x"))])
    assert (right.precision, right.recall, right.gold_pairs, right.predicted_pairs) == (1.0, 1.0, 1, 1)
    wrong = fact_grouping_scores([labelled_story(story("z"))])
    assert (wrong.precision, wrong.gold_pairs, wrong.predicted_pairs) == (0.0, 0, 1)


def test_paraphrased_negations_do_not_contradict() -> None:
    from newsprism.compare import compare_story_facts

    stories = {s.story.id: s for s in load_labelled(FIXTURE)}
    museum = stories["s-museum"]
    comparison, _ = compare_story_facts(museum.story, museum.articles)
    # "no one was injured" and "nobody was hurt": two negations saying the same, no contradiction
    assert any(
        ("hurt" in f.text or "injured" in f.text) and len(f.article_ids) >= 2 for f in comparison.facts
    )
    for fact in comparison.facts:
        if "hurt" in fact.text or "injured" in fact.text:
            assert "contradicts" not in fact.treatment.values(), fact.text
