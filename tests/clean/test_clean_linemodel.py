"""The opt-in learned line model: feature matrix, tree inference and how it re-decides lines."""

import json
from pathlib import Path

import numpy as np
import pytest

from newsprism.clean.clutter import classify_lines
from newsprism.clean.linemodel import LineModel, feature_names, load_model, model_from_dict, page_features

PAGE = [
    "Menu",
    "Search",
    "Harbour at Port Alder reopens",
    "",
    "The harbour at Port Alder reopened on Tuesday after the storm, officials of the town said.",
    "Fishing boats returned to their moorings within hours, and the ferry to Skarvik sailed at noon.",
    "",
    "Related Posts",
    "Storm hits coast",
]


def _constant_model(logit: float, *, add: float = 0.5, drop: float = 0.5, reach: int = 100) -> LineModel:
    """One tree with a split on `log_words` whose two leaves both give `logit`."""
    names = feature_names()
    data = {
        "names": names,
        "init": 0.0,
        "feature": [[names.index("log_words"), -1, -1]],
        "threshold": [[1.0, 0.0, 0.0]],
        "left": [[1, 1, 2]],
        "right": [[2, 1, 2]],
        "value": [[0.0, logit, logit]],
        "depth": 1,
        "add_cutoff": add,
        "drop_cutoff": drop,
        "reach": reach,
        "importance": [0.0] * len(names),
    }
    return model_from_dict(data)


def test_feature_matrix_has_one_row_per_line_and_named_columns() -> None:
    result = classify_lines(PAGE)
    x = page_features(result.verdicts, result.body_start, result.body_end)
    names = feature_names()
    assert x.shape == (len(result.verdicts), len(names))
    assert np.isfinite(x).all()
    # the rule verdict is a feature: the two body paragraphs are the kept rows
    assert x[:, names.index("rule_keep")].tolist() == [float(v.keep) for v in result.verdicts]
    head = names.index("zone_head")
    assert x[0, head] == 1.0 and x[result.body_start, head] == 0.0


def test_tree_inference_follows_the_split() -> None:
    names = feature_names()
    data = json.loads(json.dumps(_model_dict_split(names)))
    model = model_from_dict(data)
    x = np.zeros((2, len(names)))
    x[0, names.index("log_words")] = 0.5  # left leaf: logit -2
    x[1, names.index("log_words")] = 3.0  # right leaf: logit +2
    p = model.proba(x)
    assert p[0] == pytest.approx(1 / (1 + np.exp(2.0)))
    assert p[1] == pytest.approx(1 / (1 + np.exp(-2.0)))
    assert model.strongest(x[0]) == "log_words"


def _model_dict_split(names: list[str]) -> dict[str, object]:
    return {
        "names": names,
        "init": 0.0,
        "feature": [[names.index("log_words"), -1, -1]],
        "threshold": [[1.0, 0.0, 0.0]],
        "left": [[1, 1, 2]],
        "right": [[2, 1, 2]],
        "value": [[0.0, -2.0, 2.0]],
        "depth": 1,
        "add_cutoff": 0.5,
        "drop_cutoff": 0.5,
        "reach": 3,
        "importance": [0.0] * len(names),
    }


def test_without_a_model_the_rules_decide_alone() -> None:
    result = classify_lines(PAGE)
    assert all(v.score is None for v in result.verdicts)
    assert [v.text for v in result.kept] == [PAGE[4], PAGE[5]]


def test_a_low_score_removes_a_rule_kept_line_with_a_reason() -> None:
    result = classify_lines(PAGE, model=_constant_model(-5.0))
    assert not result.kept
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons[PAGE[4]] == "low body score (log_words)"
    assert reasons["Related Posts"] == "related-stories list"  # rule reasons stay
    assert all(v.score is not None for v in result.verdicts)


def test_a_high_score_takes_in_lines_only_within_reach() -> None:
    result = classify_lines(PAGE, model=_constant_model(5.0, reach=1))
    kept = [v.text for v in result.kept]
    assert PAGE[2] in kept  # the headline right above the body
    assert "Menu" not in kept  # two lines from the body: out of reach
    assert "Storm hits coast" not in kept


def test_load_model_reads_the_training_layout(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(_model_dict_split(feature_names())), encoding="utf-8")
    assert load_model(path).reach == 3
    bad = _model_dict_split(feature_names()[:-1])
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError, match="features do not match"):
        load_model(path)


def test_training_export_matches_scikit_learn() -> None:
    """The arrays written by scripts/train_line_classifier.py give scikit-learn's probabilities."""
    import importlib.util

    sklearn_ensemble = pytest.importorskip("sklearn.ensemble")
    script = Path(__file__).resolve().parents[2] / "scripts" / "train_line_classifier.py"
    spec = importlib.util.spec_from_file_location("train_line_classifier", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, len(feature_names())))
    y = (x[:, 0] + 0.5 * x[:, 5] * x[:, 9] > 0).astype(float)
    clf = sklearn_ensemble.GradientBoostingClassifier(n_estimators=12, max_depth=3, random_state=0).fit(x, y)
    model = model_from_dict(module.export(clf, x, (0.5, 0.2), 3))
    assert np.abs(model.proba(x) - clf.predict_proba(x)[:, 1]).max() < 1e-6
    assert (model.add_cutoff, model.drop_cutoff, model.reach) == (0.5, 0.2, 3)
