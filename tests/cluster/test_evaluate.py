import pytest

from newsprism.cluster import adjusted_rand, bcubed, pairwise_f1


def test_perfect_partition_scores_one_whatever_the_labels():
    gold = {"a": 1, "b": 1, "c": 2}
    pred = {"a": "x", "b": "x", "c": "y"}
    assert bcubed(gold, pred) == (1.0, 1.0, 1.0)
    assert pairwise_f1(gold, pred) == (1.0, 1.0, 1.0)
    assert adjusted_rand(gold, pred) == pytest.approx(1.0)


def test_all_in_one_cluster_has_full_recall_low_precision():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    pred = dict.fromkeys(gold, 0)
    p, r, f = bcubed(gold, pred)
    assert r == 1.0 and p == pytest.approx(0.5)
    pp, pr, _ = pairwise_f1(gold, pred)
    assert pr == 1.0 and pp == pytest.approx(2 / 6)


def test_items_missing_from_prediction_are_ignored():
    gold = {"a": 1, "b": 1, "c": 2}
    pred = {"a": 0, "b": 0}
    assert bcubed(gold, pred)[2] == 1.0
