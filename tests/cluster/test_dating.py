"""Timeline dates: from publication dates, reported dates, or inferred from undated text."""

from newsprism.cluster import StorylineLinker, cluster_articles
from newsprism.cluster.dating import story_dating, text_dating
from newsprism.models import Article, DateMention


def _art(aid: str, text: str, published: str | None = None, mentions=()) -> Article:
    return Article(
        id=aid, source="s", title="t", text=text, published=published, date_mentions=list(mentions)
    )


def test_day_and_month_take_the_year_the_text_implies():
    d = text_dating(
        "Harbour workers in Velmar walked out on January 20, the union said. "
        "A pay deal was signed in 2024 and broken months later."
    )
    assert (d.date, d.inferred, d.basis) == ("2025-01-20", True, "text date")
    assert "January 20" in d.evidence and "signed in 2024" in d.evidence


def test_latest_past_full_date_wins_and_future_dates_are_ignored():
    d = text_dating(
        "The Orsk dam failed on 3 March 2027 after the storms of 12 February 2027. "
        "An inquiry will report on 30 June 2027."
    )
    assert d.date == "2027-03-03" and d.basis == "text date"


def test_background_date_older_than_a_past_year_gives_only_a_bound():
    d = text_dating("Since the 6 May 2019 accord, Tarvania has complained. The plan was announced in 2026.")
    assert (d.date, d.basis) == ("2027-01-01", "lower bound")
    assert d.evidence.startswith("not before 2027-01-01") and "announced in 2026" in d.evidence


def test_text_without_dates_stays_undated():
    d = text_dating("Officials said on Sunday that talks would continue.")
    assert d.date is None and not d.inferred and d.basis == "none"


def test_dated_story_uses_reported_date_then_publication():
    reported = _art(
        "a",
        "It happened on Thursday.",
        "2026-04-11",
        [DateMention("on Thursday", "2026-04-09", 13, 24, True)],
    )
    plain = _art("b", "Later coverage.", "2026-04-12")
    assert story_dating([reported, plain]).date == "2026-04-09"
    assert story_dating([reported, plain]).basis == "date mentions"
    p = story_dating([plain])
    assert (p.date, p.inferred, p.basis) == ("2026-04-12", False, "publication")


def test_undated_story_inferred_from_its_articles_text():
    arts = [
        _art("u1", "Ministers met in Selm on 14 March 2027, officials said."),
        _art("u2", "The Selm talks of 15 March 2027 ended without a deal."),
    ]
    d = story_dating(arts)
    # several stated dates: the earliest report of the event dates it
    assert (d.date, d.inferred) == ("2027-03-14", True) and "u1" in d.evidence


def _episode(aid: str, published: str | None, text: str) -> Article:
    return Article(
        id=aid,
        source="s",
        title=f"Kessmark denies the Orvia drone deal ({aid})",
        text=text,
        published=published,
        outlet=aid,
    )


def test_undated_episode_gets_an_inferred_timeline_date():
    base = (
        "Kessmark denied that it sold attack drones to Orvia. Foreign minister Dana Korvel called the "
        "Orvia drone report a fabrication and said Kessmark had never shipped drones to Orvia. "
    )
    arts = [
        _episode("e1", "2026-09-10", base + "The Tarvania government published the drone report on Monday."),
        _episode("e2", "2026-11-04", base + "Tarvania said last week that the drone shipments continued."),
        _episode(
            "e3",
            None,
            base + "Tarvania accused Kessmark again on January 12. Korvel said the Orvia accusations "
            "first made in 2026 were lies.",
        ),
    ]
    stories = cluster_articles(arts).stories
    assert len(stories) == 3
    by_id = {a.id: a for a in arts}
    linker = StorylineLinker()
    lines = linker.link(stories, by_id)
    assert len(lines) == 1
    dates = [e.date for e in lines[0].timeline]
    assert dates == ["2026-09-10", "2026-11-04", "2027-01-12"]
    third = lines[0].timeline[2].story_id
    dating = linker.datings(stories, by_id)[third]
    assert dating.inferred and dating.basis == "text date" and "January 12" in dating.evidence
    assert not linker.datings(stories, by_id)[lines[0].timeline[0].story_id].inferred
