"""A generated corpus for the reliability tests: invented towns, people and outlets.

Large enough (a few hundred inputs) that a SIGKILL after a random delay lands in the
middle of `ingest` or `build`. It mixes plain-text pages, HTML pages and a JSONL
dump, wire copy republished by several outlets (so there are copy groups), exact
repeats (duplicates) and inputs that must be rejected (empty, binary, bad JSON), so
that every branch of the accounting is exercised.

Everything is generated from a seed: the same seed gives byte-identical files.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

TOWNS = (
    "Arnvale Brisk Corlin Dunmere Elsholt Farrow Galdry Hessing Ivrel Jorran Kestle Lummer Mardin Nolvik "
    "Orrow Pellan Quess Rindle Sorvik Tamber Ulvast Vennick Wexal Yarrow Zellin"
).split()
PEOPLE = (
    "Mara Tolvey|Osric Denn|Ilse Varrow|Tobin Kale|Reyna Ost|Corwin Blaise|Hedda Lunn|Piet Sarrow|"
    "Alma Greeve|Jonas Tellick|Wren Aldous|Sefa Marrick|Dorran Pike|Lise Hartel"
).split("|")
OUTLETS = (
    "Arnvale Courier|Northgate Ledger|Valley Signal|Harbor Post|Riverside Tribune|Coastline Daily|"
    "Upland Herald|Market Gazette"
).split("|")
EVENTS = (
    ("flood", "The river {town} burst its banks after three days of rain, flooding {n} homes"),
    ("strike", "Dock workers in {town} walked out over pay, halting {n} ships at the quay"),
    (
        "fire",
        "A fire destroyed a grain store on the edge of {town}, and {n} firefighters fought it overnight",
    ),
    ("vote", "The council of {town} voted to close the old tram line, with {n} members in favour"),
    ("bridge", "Engineers shut the stone bridge at {town} after finding {n} cracks in its piers"),
    ("school", "Parents in {town} protested the merger of two schools, gathering {n} signatures"),
    ("mine", "The copper mine near {town} halted work after a tunnel collapse trapped {n} miners"),
    ("market", "Traders at the {town} market said prices of bread rose by {n} percent in a month"),
)
VERBS = ("said", "told reporters", "added", "warned", "insisted")


@dataclass(slots=True)
class Corpus:
    """Where the generated inputs are, and how many inputs each kind is."""

    root: Path
    inputs: int  # every input the ingest should account for (files + JSONL lines)
    expected_rejected: int  # inputs that must end rejected
    expected_duplicates: int  # inputs that repeat another input byte for byte


SYLLABLES = "ka lo mi ren tas vor bel din gra hu sel tor ame qui zan pel dro fen mar los".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def _article(rng: random.Random, story: int, variant: int, town: str, kind: int) -> tuple[str, str]:
    """One outlet's version of a story: shared story sentences (wire copy) plus its own."""
    label, lead = EVENTS[kind]
    # the story's own vocabulary and sentences come from a generator seeded by the story
    # alone, so every version of a story shares them and other stories do not
    srng = random.Random(story * 7919 + 1)
    vocab = [_word(srng) for _ in range(30)]
    speaker = PEOPLE[(story * 3) % len(PEOPLE)]
    other = PEOPLE[(story * 5 + 1) % len(PEOPLE)]
    n = 10 + (story * 7) % 90
    title = f"{town} {label}: {speaker.split()[1]} warns of {srng.choice(vocab)} {srng.choice(vocab)}"
    shared = [lead.format(town=town, n=n) + f", officials {VERBS[story % 5]}."]
    shared.append(
        f'"We have never seen the {srng.choice(vocab)} like this in {town}," said {speaker}, '
        f"who leads the {srng.choice(vocab)} committee."
    )
    for _ in range(8):
        shared.append(" ".join(srng.choice(vocab) for _ in range(srng.randint(9, 16))).capitalize() + ".")
    shared.append(f'"Nobody will be left alone," {other} {VERBS[(story + 1) % 5]}.')
    # versions keep most of the wire text, drop a little and add their own paragraphs
    paras = [p for i, p in enumerate(shared) if i < 2 or (i + variant) % 5 != 0]
    for _ in range(1 + variant % 3):
        own = " ".join(_word(rng) for _ in range(rng.randint(8, 14))).capitalize()
        paras.append(f"{own}, {rng.choice(PEOPLE)} of the {rng.choice(OUTLETS)} reported.")
    return title, "\n\n".join(paras)


def generate_corpus(root: Path, *, stories: int = 40, versions: int = 4, seed: int = 7) -> Corpus:
    """Write the corpus under `root` and say how many inputs it holds.

    >>> import tempfile
    >>> c = generate_corpus(Path(tempfile.mkdtemp()), stories=2, versions=2)
    >>> c.inputs, c.expected_rejected, c.expected_duplicates
    (9, 4, 1)
    """
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    inputs = 0
    records = []
    for story in range(stories):
        town = TOWNS[story % len(TOWNS)] + ("" if story < len(TOWNS) else f" {story}")
        kind = story % len(EVENTS)
        for variant in range(versions):
            title, body = _article(rng, story, variant, town, kind)
            outlet = OUTLETS[(story + variant) % len(OUTLETS)]
            date = f"2025-{story % 12 + 1:02d}-{story % 27 + 1:02d}"
            name = f"s{story:03d}_v{variant}"
            if variant % 3 == 2:  # every third version goes into the JSONL dump
                records.append(
                    {
                        "id": name,
                        "url": f"https://{outlet.split()[0].lower()}.example/{name}",
                        "title": title,
                        "text": body,
                        "published": date,
                        "outlet": outlet,
                    }
                )
            elif variant % 3 == 1:
                paras = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n"))
                html = (
                    f"<html><head><title>{title} - {outlet}</title>"
                    f'<meta property="article:published_time" content="{date}T09:00:00Z"></head>'
                    f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>"
                    f"<p>By {outlet} staff</p>\n{paras}</article>"
                    f"<footer>Subscribe to the {outlet}</footer></body></html>"
                )
                (root / f"{name}.html").write_text(html, encoding="utf-8")
                inputs += 1
            else:
                page = f"{date} 10:15\n\n{title}\n\nby {outlet}\n\n{body}\n\nShare this article\n"
                (root / f"{name}.txt").write_text(page, encoding="utf-8")
                inputs += 1
    # a bad JSONL line is one rejected input; the rest of the dump still counts
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(len(lines) // 2, '{"id": "broken", "text": ')
    (root / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    inputs += len(lines)
    # inputs that must be rejected
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "menu.txt").write_text("Home\nWorld\nSport\nLogin\n", encoding="utf-8")
    inputs += 3
    # an exact repeat of the first page: a duplicate, never a second article
    first = root / "s000_v0.txt"
    (root / "zz_repeat.txt").write_bytes(first.read_bytes())
    inputs += 1
    return Corpus(root, inputs, expected_rejected=4, expected_duplicates=1)
