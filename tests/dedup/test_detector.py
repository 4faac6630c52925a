"""The copy detector and copy groups on an invented wire story and its copies."""

from __future__ import annotations

from newsprism.dedup import CopyConfig, CopyDetector, build_copy_groups, independent_origins
from newsprism.ids import group_id
from newsprism.models import Article, CopyLink

WIRE = [
    "Officials in the coastal republic of Veltria said on Tuesday that the Karsen River dam had been "
    "closed to traffic after engineers found cracks in its northern spillway.",
    "The transport ministry said the closure would last at least three weeks while inspectors from the "
    "state water agency examined the structure.",
    "About 12,000 vehicles cross the dam every day, and the nearest alternative route adds roughly forty "
    "minutes to the journey between Ostrava Nova and the port of Delmar.",
    "Ministry spokeswoman Ilse Marovic told reporters that there was no immediate danger to residents "
    "living downstream of the reservoir.",
    '"We are acting out of caution, not because we expect the dam to fail," Marovic said.',
    "Local business owners in Delmar complained that the closure came at the start of the harvest "
    "season, when farmers rely on the route to reach the port.",
    "The dam, completed in 1978, was last renovated a decade ago under a programme financed by the "
    "regional development bank.",
    "Opposition lawmakers have called for a parliamentary inquiry into why the cracks were not detected "
    "during a routine inspection in March.",
    "The ministry said temporary ferry services would begin operating across the reservoir on Thursday.",
    "Engineers expect to publish their first assessment of the damage by the end of next week.",
]

# Copy 1: trimmed ending, one sentence reworded.
COPY_TRIMMED = [
    *WIRE[:3],
    "Ministry spokeswoman Ilse Marovic told journalists there was no immediate danger to residents "
    "living downstream of the reservoir.",
    *WIRE[4:8],
]
# Copy 2: a local intro, paragraphs reordered, British/US spelling and a changed figure.
COPY_LOCAL = [
    "Commuters in Brisk face longer journeys from this week, as the main road to the coast is cut.",
    *WIRE[:2],
    "About 15,000 vehicles cross the dam every day, and the nearest alternative route adds roughly forty "
    "minutes to the journey between Ostrava Nova and the port of Delmar.",
    WIRE[3],
    WIRE[4],
    "The dam, completed in 1978, was last renovated a decade ago under a program financed by the "
    "regional development bank.",
    WIRE[5],
    *WIRE[7:9],
]
# Independent reporting on the same event: same facts, the same quote, own sentences.
INDEPENDENT = [
    "Drivers queued for hours at the Karsen crossing on Tuesday after the authorities shut the dam road "
    "without warning, following the discovery of cracks in the spillway.",
    "Inspectors from the water agency will need at least three weeks to examine the structure, the "
    "ministry of transport said in a statement.",
    '"We are acting out of caution, not because we expect the dam to fail," Marovic said.',
    "Residents of villages below the reservoir told our reporter they had not been told what to do in "
    "case of an emergency.",
    "Farmers from Delmar, who use the road to take their produce to the port during the harvest, said "
    "the timing could not be worse.",
    "A report by the regional audit office warned two years ago that maintenance of the dam was "
    "underfunded, according to documents seen by this newspaper.",
]
# Own reporting that quotes three wire paragraphs inside it.
PARTIAL = [
    "Fishermen on the Karsen reservoir say the water level has been falling for a month, and some of "
    "them blame the dam operator for keeping it low without explanation.",
    "Tomas Reiter, who has fished the reservoir for thirty years, said he had never seen the banks so "
    "exposed at the start of autumn.",
    WIRE[1],
    WIRE[2],
    WIRE[7],
    "The operator, Karsen Hydro, did not respond to several requests for comment on the water level.",
    "Environmental groups in Ostrava Nova have asked the regional government to publish the water "
    "readings for the past year so that scientists can check them.",
    "Several of the fishermen said they would organise a protest at the dam on Saturday if no answers "
    "were given by then.",
]


def article(aid: str, paragraphs: list[str], outlet: str, published: str, wire: str | None = None) -> Article:
    return Article(
        id=aid,
        source=f"{aid}.txt",
        title=f"Headline {aid}",
        text="\n\n".join(paragraphs),
        outlet=outlet,
        published=published,
        wire_agency=wire,
    )


def corpus() -> dict[str, Article]:
    arts = [
        article("a_wire", WIRE, "VNA", "2024-05-07T09:00:00", wire="VNA"),
        article("a_trim", COPY_TRIMMED, "Delmar Herald", "2024-05-07T11:30:00", wire="VNA"),
        article("a_local", COPY_LOCAL, "Coastal Times", "2024-05-07T10:15:00", wire="VNA"),
        article("a_indep", INDEPENDENT, "Northern Post", "2024-05-07T08:00:00"),
        article("a_partial", PARTIAL, "Reservoir Weekly", "2024-05-09"),
    ]
    return {a.id: a for a in arts}


def pair_kinds(links: list[CopyLink]) -> dict[frozenset[str], str]:
    return {frozenset((link.a_id, link.b_id)): link.kind for link in links}


def test_wire_copies_linked_independent_not() -> None:
    arts = corpus()
    links = CopyDetector().detect(list(arts.values()), [])
    kinds = pair_kinds(links)
    copies = ["a_wire", "a_trim", "a_local"]
    for i, x in enumerate(copies):
        for y in copies[i + 1 :]:
            assert kinds.get(frozenset((x, y))) == "same_copy", (x, y)
    assert not any("a_indep" in pair for pair in kinds)
    for pair, kind in kinds.items():
        if "a_partial" in pair:
            assert kind == "partial_reuse"
    assert kinds.get(frozenset(("a_wire", "a_partial"))) == "partial_reuse"
    for link in links:  # earlier article first, offsets inside the texts
        assert (arts[link.a_id].published or "") <= (arts[link.b_id].published or "")
        a_text, b_text = arts[link.a_id].text, arts[link.b_id].text
        for p in link.passages:
            if p.a_start is not None:
                assert 0 <= p.a_start < p.a_end <= len(a_text)  # type: ignore[operator]
            if p.b_start is not None:
                assert 0 <= p.b_start < p.b_end <= len(b_text)  # type: ignore[operator]


def test_edits_are_reported_as_passages() -> None:
    arts = corpus()
    verdict = CopyDetector().compare(arts["a_wire"], arts["a_local"])
    assert verdict.kind == "same_copy"
    al = verdict.alignment
    kinds = [p.kind for p in al.passages]
    assert "only_b" in kinds  # the local intro
    assert "only_a" in kinds  # the trimmed last paragraph
    wire, local = arts["a_wire"].text, arts["a_local"].text
    edited = {local[p.b_start : p.b_end] for p in al.passages if p.kind == "edited"}  # type: ignore[misc]
    assert COPY_LOCAL[3] in edited  # 12,000 -> 15,000
    assert COPY_LOCAL[6] in edited  # programme -> program
    intro = next(p for p in al.passages if p.kind == "only_b")
    assert local[intro.b_start : intro.b_end] == COPY_LOCAL[0]
    tail = [p for p in al.passages if p.kind == "only_a"][-1]
    assert wire[tail.a_start : tail.a_end] == WIRE[9]


def test_groups_three_copies_independent_and_partial_outside() -> None:
    arts = corpus()
    links = CopyDetector().detect(list(arts.values()), [])
    groups = build_copy_groups(list(arts.values()), links)
    assert len(groups) == 1
    g = groups[0]
    assert sorted(g.article_ids) == ["a_local", "a_trim", "a_wire"]
    # the agency's own, complete copy is the origin (the later local copy has the
    # intro but lacks the last paragraph; the trimmed one lacks more)
    assert g.origin_id == "a_wire"
    assert g.origin_agency == "VNA"
    assert g.origin_reason
    assert g.id == group_id("c", "a_wire")  # earliest member by published time
    assert g.article_ids[0] == "a_wire"
    assert set(g.copied_share) == set(g.article_ids)
    assert g.copied_share["a_trim"] > 0.95  # all of it is wire copy
    assert g.copied_share["a_local"] < g.copied_share["a_trim"]  # it has its own intro
    assert independent_origins(list(arts), groups) == 3  # the group, independent, partial
    assert independent_origins(["a_wire", "a_trim"], groups) == 1


def test_origin_prefers_complete_then_credit_then_earliest() -> None:
    arts = [
        Article("x1", "s", "t", "x", published="2024-01-02", outlet="Paper One", wire_agency="Newswire"),
        Article("x2", "s", "t", "x", published="2024-01-01", outlet="Paper Two"),
        Article("x3", "s", "t", "x", published="2024-01-03", outlet="Paper Three", wire_agency="Newswire"),
    ]
    # x3 is a trimmed copy: x1 and x2 contain all of it, it contains ~60% of them
    links = [
        CopyLink("x2", "x1", 0.9, 1.0, 1.0, "same_copy"),
        CopyLink("x1", "x3", 0.5, 0.6, 1.0, "same_copy"),
        CopyLink("x2", "x3", 0.5, 0.6, 1.0, "same_copy"),
    ]
    [g] = build_copy_groups(arts, links)
    assert g.origin_id == "x1"  # as complete as x2 and credits the wire, though later
    assert "Newswire" in g.origin_reason
    assert g.id == group_id("c", "x2")
    assert g.copied_share == {"x2": 1.0, "x1": 1.0, "x3": 1.0}
    # without any credit, the earliest complete copy wins
    for a in arts:
        a.wire_agency = None
    [g] = build_copy_groups(arts, links)
    assert g.origin_id == "x2" and g.origin_agency is None


def test_partial_reuse_makes_no_group() -> None:
    arts = corpus()
    links = CopyDetector().detect([arts["a_partial"]], [arts["a_wire"]])
    assert [(link.kind, link.a_id, link.b_id) for link in links] == [("partial_reuse", "a_wire", "a_partial")]
    link = links[0]
    assert 0.2 < link.coverage_a < 0.5 and 0.2 < link.coverage_b < 0.5
    assert build_copy_groups([arts["a_partial"], arts["a_wire"]], links) == []


def test_only_pairs_with_new_articles_and_stored_fingerprints() -> None:
    arts = corpus()
    detector = CopyDetector()
    existing = [arts["a_wire"], arts["a_local"], arts["a_indep"]]
    stored = {a.id: detector.fingerprint(a) for a in existing}
    links = detector.detect([arts["a_trim"]], existing, fingerprints=stored)
    pairs = {frozenset((link.a_id, link.b_id)) for link in links}
    assert pairs == {frozenset(("a_wire", "a_trim")), frozenset(("a_local", "a_trim"))}
    # fingerprints made with other settings are recomputed, not compared
    other = CopyDetector(CopyConfig(seed=5))
    stale = {a.id: other.fingerprint(a) for a in existing}
    assert pair_kinds(detector.detect([arts["a_trim"]], existing, fingerprints=stale)) == pair_kinds(links)


def test_run_matches_detect_and_short_texts_are_safe() -> None:
    arts = list(corpus().values())
    arts.append(Article("tiny", "s", "t", "Short."))
    arts.append(Article("empty", "s", "t", ""))
    detector = CopyDetector()
    assert detector.name == "dedup"
    assert pair_kinds(list(detector.run(arts))) == pair_kinds(detector.detect(arts))
    assert detector.detect([]) == []


def test_verdict_explains_a_non_link() -> None:
    arts = corpus()
    verdict = CopyDetector().compare(arts["a_wire"], arts["a_indep"])
    assert verdict.link is None and verdict.kind is None
    assert "substantive" in verdict.reason


def test_agency_own_copy_is_preferred_origin() -> None:
    arts = [
        Article("w1", "s", "t", "x", published="2024-02-01T09:00", outlet="Harbour Daily", wire_agency="MPA"),
        Article(
            "w2",
            "s",
            "t",
            "x",
            published="2024-02-01T10:00",
            outlet="Meridian Press Agency",
            wire_agency="MPA",
        ),
    ]
    arts[1].wire_agency = "MPA"
    [g] = build_copy_groups(arts, [CopyLink("w1", "w2", 0.9, 1.0, 0.97, "same_copy")])
    assert g.origin_id == "w2"
    assert "agency's own copy" in g.origin_reason


def test_paraphrased_facts_inside_other_reporting_are_not_partial_reuse() -> None:
    # another outlet's own story: its narration, plus three wire facts reworded (a few
    # words each), which align as "edited" sentences but none verbatim
    own = [
        "Farmers around Delmar gathered at the market hall on Wednesday to plan how to move this "
        "year's harvest without the dam road.",
        "Several growers said they would hire lorries to take the long way round through the hills.",
        "Officials in the coastal republic of Veltria said on Tuesday the Karsen River dam had been "
        "shut to traffic after engineers found cracks in its northern spillway.",
        "The co-operative's chairman, Tomas Reyl, said members had lost two days of deliveries already.",
        "The transport ministry said that the closure would last at least three weeks while inspectors "
        "from the national water agency examined the structure.",
        "A meeting with the regional governor is planned for Friday morning in the town hall.",
        "About 12,000 cars cross the dam each day, and the nearest alternative route adds roughly forty "
        "minutes to the journey between Ostrava Nova and the port of Delmar.",
        "Reyl said the co-operative would ask the ministry to open the ferry to lorries as well.",
    ]
    wire = Article("wire", "s", "t", " ".join(WIRE), published="2024-05-01")
    other = Article("other", "s", "t", "\n\n".join(own), published="2024-05-02")
    verdict = CopyDetector().compare(wire, other)
    assert verdict.alignment.substantive_shared >= 2  # the reworded facts do align
    assert verdict.alignment.substantive_identical == 0
    assert verdict.kind is None and "no verbatim" in verdict.reason
    # the same facts copied verbatim are partial reuse
    mixed = [own[0], own[1], *WIRE[:3], own[3], own[5], own[7]]
    verbatim = Article("verb", "s", "t", "\n\n".join(mixed), published="2024-05-02")
    assert CopyDetector().compare(wire, verbatim).kind == "partial_reuse"
