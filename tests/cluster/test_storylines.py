from pathlib import Path

import pytest

from newsprism.cluster import StorylineLinker, bcubed, cluster_articles
from newsprism.ids import group_id
from newsprism.models import Article

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def _story_of(stories, article_id):
    return next(s for s in stories if article_id in s.article_ids)


def test_three_episodes_months_apart_form_one_storyline(labelled):
    arts = {lab.article.id: lab.article for lab in labelled}
    stories = cluster_articles(list(arts.values())).stories
    lines = StorylineLinker().link(stories, arts)
    assert len(lines) == 1
    line = lines[0]
    jan, mar, may = (_story_of(stories, a) for a in ("f-drone-1a", "f-drone-2a", "f-drone-3a"))
    assert line.story_ids == [jan.id, mar.id, may.id]
    assert line.id == group_id("l", jan.id)
    assert [e.date for e in line.timeline] == ["2024-01-10", "2024-03-14", "2024-05-20"]
    assert [e.story_id for e in line.timeline] == line.story_ids
    assert line.timeline[0].article_ids == jan.article_ids
    assert {"tarvania", "kessmark", "dana korvel"} <= set(line.shared_entities)
    assert line.title in {jan.title, mar.title, may.title}
    # storyline ids are set in place; the football story shares only "Tarvania"
    assert jan.storyline_id == mar.storyline_id == may.storyline_id == line.id
    assert _story_of(stories, "f-cup-1").storyline_id is None
    assert _story_of(stories, "f-flood-v1").storyline_id is None


def test_links_record_their_evidence(labelled):
    arts = {lab.article.id: lab.article for lab in labelled}
    stories = cluster_articles(list(arts.values())).stories
    links = StorylineLinker().links(stories, arts)
    assert len(links) == 2
    for link in links:
        assert link.score >= 0.3 and "kessmark" in link.shared_entities
        assert link.gap_days is not None and 30 < link.gap_days <= 120


def test_stories_too_far_apart_are_not_linked(labelled):
    arts = {lab.article.id: lab.article for lab in labelled}
    stories = cluster_articles(list(arts.values())).stories
    from newsprism.cluster import StorylineConfig

    lines = StorylineLinker(StorylineConfig(max_gap_days=30)).link(stories, arts)
    assert lines == []
    assert all(s.storyline_id is None for s in stories)


_SEED_DATES = {
    "000": "2022-09-22",
    "002": "2022-09-22",
    "004": "2022-09-22",
    "001": "2022-11-08",
    "003": "2023-01-22",
}


def _seed_articles() -> list[Article]:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds not present")
    out = []
    for path in sorted(seeds.glob("*.txt")):
        key = path.name[:3]
        if key not in _SEED_DATES:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        i = next(
            i for i, ln in enumerate(lines) if len(ln.strip()) > 20 and not ln.strip().startswith("icon")
        )
        out.append(
            Article(
                id=key,
                source=str(path),
                title=lines[i].strip(),
                text="\n".join(lines[i + 1 :]),
                published=_SEED_DATES[key],
                outlet=key,
            )
        )
    if len(out) != 5:
        pytest.skip("seed files not as expected")
    return out


def test_seeds_three_stories_one_storyline_dated_timeline():
    arts = _seed_articles()
    result = cluster_articles(arts)
    gold = {"000": 1, "002": 1, "004": 1, "001": 2, "003": 3}
    pred = {aid: s.id for s in result.stories for aid in s.article_ids}
    assert bcubed(gold, pred)[2] == 1.0
    assert {frozenset(s.article_ids) for s in result.stories} == {
        frozenset({"000", "002", "004"}),
        frozenset({"001"}),
        frozenset({"003"}),
    }
    lines = StorylineLinker().link(result.stories, {a.id: a for a in arts})
    assert len(lines) == 1
    timeline = lines[0].timeline
    assert len(timeline) == 3
    assert [e.date for e in timeline] == ["2022-09-22", "2022-11-08", "2023-01-22"]
    assert "north korea" in lines[0].shared_entities
    assert all(s.storyline_id == lines[0].id for s in result.stories)


def test_seeds_undated_later_episode_starts_its_own_story():
    """The January episode without a publication date must not join November's story.

    Its time gap is unknown, so it needs content evidence alone (time signal 0), and
    its text ("announced in 2022") puts it after 2022 (`year_floor`).
    """
    arts = _seed_articles()
    for art in arts:
        if art.id == "003":  # undated, as the clean stage leaves it
            art.published = None
    result = cluster_articles(arts)
    assert {frozenset(s.article_ids) for s in result.stories} == {
        frozenset({"000", "002", "004"}),
        frozenset({"001"}),
        frozenset({"003"}),
    }
    ev = next(e for e in result.evidence if e.article_id == "003")
    assert "published after 2022-12-31" in ev.reason
    by_id = {a.id: a for a in arts}
    linker = StorylineLinker()
    lines = linker.link(result.stories, by_id)
    assert len(lines) == 1 and len(lines[0].timeline) == 3
    # every entry dated: the undated episode from its own text, marked inferred
    # ("announced in 2022" -> not before 2023-01-01), after the two dated episodes
    timeline = lines[0].timeline
    assert [e.date for e in timeline] == ["2022-09-22", "2022-11-08", "2023-01-01"]
    assert timeline[2].article_ids == ["003"]
    dating = linker.datings(result.stories, by_id)[timeline[2].story_id]
    assert dating.inferred and dating.basis == "lower bound" and "announced in 2022" in dating.evidence
    assert not any(linker.datings(result.stories, by_id)[e.story_id].inferred for e in timeline[:2])


def test_profiles_from_given_features_equal_profiles_from_articles(labelled):
    from newsprism.cluster.features import DocumentFrequencies, extract_features

    arts = {lab.article.id: lab.article for lab in labelled}
    stories = cluster_articles(list(arts.values())).stories
    linker = StorylineLinker()
    feats = {aid: extract_features(a, linker.config.features) for aid, a in arts.items()}
    term_df = DocumentFrequencies()
    for f in feats.values():
        term_df.add(f.terms)
    plain = linker.profiles(stories, arts, term_df)
    given = linker.profiles(stories, arts, term_df, feats)
    # some features given, the rest read from the articles
    half = linker.profiles(stories, arts, term_df, dict(list(feats.items())[::2]))
    assert len(plain) == len(stories) and any(p.actors for p in plain)
    assert repr(given) == repr(plain) and repr(half) == repr(plain)
    assert [ln.story_ids for ln in linker.link_profiles(stories, given)] == [
        ln.story_ids for ln in linker.link(stories, arts)
    ]
