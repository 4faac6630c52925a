"""A small hand-built store for the web tests (invented outlets, places and people).

The store is written directly with `Store.add_articles` and `Store.save_build`, so the
web tests do not depend on how well the pipeline stages work. One story carries wire
copy (with aligned passages), a storyline joins two stories, and one story is hostile:
its title, outlet, quote, fact and summary carry HTML and script.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newsprism.models import (
    CopyGroup,
    CopyLink,
    Evidence,
    Passage,
    Quote,
    RemovedLine,
    Story,
    Storyline,
    TimelineEntry,
)
from newsprism.store import BuildOutput, Store
from tests.conftest import make_article

XSS_TITLE = "<script>alert(1)</script>"
XSS_QUOTE = "<img src=x onerror=alert(1)>"
XSS_OUTLET = 'Evil "News" <i>Daily</i>'

S1 = (
    "Engineers closed the Orlen river bridge at Tessaly on Monday after inspectors found cracks in two piers."
)
S2 = "The regional transport office said repairs would take at least six weeks and cost 4.2 million crowns."
S2_EDITED = (
    "The regional transport office said repairs would take at least eight weeks and cost 4.2 million crowns."
)
S3 = "Ferry operators have been asked to add crossings during the closure."
S4 = "Shopkeepers on Quay Street told the Harbor Ledger they feared a quiet spring."
QUOTE = "We will not take any risk with a bridge that carries nine thousand cars a day"


@dataclass(slots=True)
class Sample:
    path: Path
    wire: str  # origin of the copy group
    copy: str  # edited copy of `wire`
    independent: str
    reopening: str  # the article of the second story of the storyline
    hostile: str  # the article whose fields carry HTML and script
    story: str
    story2: str
    hostile_story: str
    storyline: str


def build_sample_store(path: Path) -> Sample:
    """Write the sample store at `path` and return its ids."""
    wire_text = f'{S1} {S2}\n\nMinister Pell Varga said: "{QUOTE}."\n\n{S3}'
    copy_text = f'{S1} {S2_EDITED}\n\nMinister Pell Varga said: "{QUOTE}."\n\n{S4}'
    indep_text = (
        "Drivers faced long queues at Tessaly on Monday as the Orlen bridge shut without warning.\n\n"
        "Transport officials claimed the cracks were found during a routine check, but residents said the "
        f'bridge had been shaking for months. "{QUOTE}," Varga told reporters.'
    )
    reopen_text = (
        "The Orlen river bridge at Tessaly reopened on Friday after six weeks of repairs.\n\n"
        'Minister Pell Varga said "the bridge is safe again" as the first cars crossed.'
    )
    hostile_text = f'A strange page. The spokesman said "{XSS_QUOTE}" and left.\n\nNothing else happened.'
    wire = make_article(
        wire_text,
        title="Orlen bridge closed after cracks found",
        published="2025-03-03T08:00:00",
        outlet="Northwind Wire",
        wire_agency="NWA",
        byline="Ana Brisk",
        language="en",
        url="https://nw.example/bridge",
        removed=[
            RemovedLine("Subscribe to our newsletter", "boilerplate", 0),
            RemovedLine("Share on social", "share", 9),
        ],
        provenance={"published": "meta article:published_time"},
    )
    copy = make_article(
        copy_text,
        title="Tessaly bridge shut for repairs",
        published="2025-03-03T11:30:00",
        outlet="Harbor Ledger",
        wire_agency="NWA",
        language="en",
    )
    indep = make_article(
        indep_text,
        title="Queues as Orlen bridge shuts",
        published="2025-03-04",
        outlet="Valley Courier",
        language="en",
        url="javascript:alert(2)",
    )
    reopen = make_article(
        reopen_text,
        title="Orlen bridge reopens",
        published="2025-04-14",
        outlet="Valley Courier",
        language="en",
    )
    hostile = make_article(
        hostile_text, title=XSS_TITLE, published="2025-03-05", outlet=XSS_OUTLET, language="en"
    )
    store = Store(path)
    store.add_articles(store.start_run("ingest"), [wire, copy, indep, reopen, hostile])

    def span(text: str, part: str) -> tuple[int, int]:
        start = text.index(part)
        return start, start + len(part)

    passages = [
        Passage("identical", *span(wire_text, S1), *span(copy_text, S1), 1.0),
        Passage("edited", *span(wire_text, S2), *span(copy_text, S2_EDITED), 0.93),
        Passage("identical", *span(wire_text, QUOTE), *span(copy_text, QUOTE), 1.0),
        Passage("only_a", *span(wire_text, S3), None, None, 0.0),
        Passage("only_b", None, None, *span(copy_text, S4), 0.0),
    ]
    link = CopyLink(wire.id, copy.id, 0.71, 0.82, 0.8, "same_copy", passages)
    group = CopyGroup(
        "c_bridge", [wire.id, copy.id], wire.id, "NWA", "earliest publication", {wire.id: 0.82, copy.id: 0.8}
    )
    story = Story(
        "s_bridge",
        "Orlen bridge closed after cracks found",
        [wire.id, copy.id, indep.id],
        "2025-03-03",
        "2025-03-04",
        "2025-03-03",
        ["Harbor Ledger", "Northwind Wire", "Valley Courier"],
        "l_orlen",
    )
    story2 = Story(
        "s_reopen",
        "Orlen bridge reopens",
        [reopen.id],
        "2025-04-14",
        "2025-04-14",
        None,
        ["Valley Courier"],
        "l_orlen",
    )
    hostile_story = Story(
        "s_hostile",
        XSS_TITLE,
        [hostile.id],
        "2025-03-05",
        "2025-03-05",
        None,
        [XSS_OUTLET],
        merged_from=["s_oldhostile"],
    )
    line = Storyline(
        "l_orlen",
        "The Orlen bridge",
        ["s_bridge", "s_reopen"],
        [
            TimelineEntry("2025-03-03", "s_bridge", "Orlen bridge closed", [wire.id, copy.id, indep.id]),
            TimelineEntry("2025-04-14", "s_reopen", "Orlen bridge reopens", [reopen.id]),
        ],
        ["Orlen", "Tessaly", "Pell Varga"],
    )
    evidence = [
        Evidence(
            wire.id, "s_bridge", 1.0, ["bridge", "cracks"], ["Orlen", "Tessaly"], 0.0, "founding article"
        ),
        Evidence(copy.id, "s_bridge", 0.91, ["bridge", "repairs"], ["Orlen"], 0.1, "shares wire copy"),
        Evidence(indep.id, "s_bridge", 0.48, ["bridge", "queues"], ["Tessaly", "Varga"], 1.0, "same event"),
        Evidence(hostile.id, "s_hostile", 1.0, [XSS_QUOTE], [], 0.0, XSS_TITLE),
    ]

    def quote(text: str, art_text: str, aid: str, speaker: str) -> Quote:
        start, end = span(art_text, text)
        return Quote(text, speaker, start, end, "direct", "said", speaker, aid)

    quotes = {
        wire.id: [quote(QUOTE, wire_text, wire.id, "Pell Varga")],
        copy.id: [quote(QUOTE, copy_text, copy.id, "Pell Varga")],
        indep.id: [quote(QUOTE, indep_text, indep.id, "Pell Varga")],
        reopen.id: [quote("the bridge is safe again", reopen_text, reopen.id, "Pell Varga")],
        hostile.id: [quote(XSS_QUOTE, hostile_text, hostile.id, XSS_TITLE)],
    }
    facts = [
        {
            "id": "f1",
            "text": S1,
            "article_ids": [wire.id, copy.id, indep.id],
            "outlets": ["Northwind Wire", "Harbor Ledger", "Valley Courier"],
            "treatment": {wire.id: "reports", copy.id: "reports", indep.id: "attributes"},
            "copy_groups": ["c_bridge"],
        },
        {
            "id": "f2",
            "text": S2,
            "article_ids": [wire.id, copy.id],
            "outlets": ["Northwind Wire", "Harbor Ledger"],
            "treatment": {wire.id: "attributes", copy.id: "hedges"},
            "copy_groups": ["c_bridge"],
        },
        {
            "id": "f3",
            "text": "Residents said the bridge had been shaking for months.",
            "article_ids": [indep.id],
            "outlets": ["Valley Courier"],
            "treatment": {indep.id: "contradicts"},
            "copy_groups": [],
        },
    ]
    reports = {
        "s_bridge": {
            "comparison": {
                "story_id": "s_bridge",
                "facts": facts,
                "attribution": {"Valley Courier": {"claimed": 1, "said": 1}, "Northwind Wire": {"said": 2}},
                "exclusive": {"Valley Courier": ["f3"]},
                "omitted": {},
            },
            "summary": [
                {"sentence": S1, "article_ids": [wire.id, copy.id, indep.id], "supported": True},
                {"sentence": S2, "article_ids": [wire.id], "supported": True},
            ],
            "quote_clusters": [
                {
                    "id": "q1",
                    "text": QUOTE,
                    "speaker": "Pell Varga",
                    "members": [[wire.id, 0], [copy.id, 0], [indep.id, 0]],
                    "outlets": ["Harbor Ledger", "Northwind Wire", "Valley Courier"],
                    "first_seen": "2025-03-03",
                    "variants": [QUOTE],
                    "scores": {},
                },
            ],
            "claim_clusters": [],
        },
        "s_hostile": {
            "comparison": {
                "story_id": "s_hostile",
                "facts": [
                    {
                        "id": "fx",
                        "text": XSS_QUOTE,
                        "article_ids": [hostile.id],
                        "outlets": [XSS_OUTLET],
                        "treatment": {hostile.id: "reports"},
                        "copy_groups": [],
                    }
                ],
                "attribution": {XSS_OUTLET: {XSS_TITLE: 1}},
                "exclusive": {},
                "omitted": {},
            },
            "summary": [
                {"sentence": XSS_TITLE + " " + XSS_QUOTE, "article_ids": [hostile.id], "supported": True}
            ],
            "quote_clusters": [],
            "claim_clusters": [{"text": XSS_QUOTE, "polarity": "asserts", "asserter": XSS_TITLE}],
        },
    }
    store.save_build(
        BuildOutput(
            built_ids=[a.id for a in (wire, copy, indep, reopen, hostile)],
            fingerprints={},
            copy_links=[link],
            copy_groups=[group],
            stories=[story, story2, hostile_story],
            evidence=evidence,
            redirects={"s_oldhostile": "s_hostile"},
            storylines=[line],
            quotes=quotes,
            claims={},
            reports=reports,
            storyline_summaries={},
            stage_params={},
        )
    )
    store.close()
    return Sample(
        path,
        wire.id,
        copy.id,
        indep.id,
        reopen.id,
        hostile.id,
        "s_bridge",
        "s_reopen",
        "s_hostile",
        "l_orlen",
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample_store(tmp_path_factory.mktemp("web") / "sample.db")
