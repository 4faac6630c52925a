"""A seeded generator of realistic, labelled news streams for evaluating story clustering.

The hard parts of real streams are reproduced on purpose, with invented names only:

- **many concurrent events of the same kind** (two floods, three strikes in one week)
  that share most of their vocabulary and differ by place, actors and specifics;
- **recurring actors**: a pool of politicians, officials and organisations per
  country that appear across unrelated events;
- **storylines**: a matter that produces several events (episodes) weeks apart,
  with the same key actors and topic but new specifics in each episode;
- **many outlets** with their own wording: each article samples its own subset and
  order of sentences and its own headline template, so articles of one event are
  paraphrases, not copies;
- **wire copies**: an agency text republished verbatim or lightly trimmed by several
  outlets (the copy-detection stage groups those; here they are plain articles);
- **undated articles** (a small share) and background lines every article may carry.

Each article carries its gold ``story`` (the event) and ``storyline`` (or None).

>>> s = generate_stream(SyntheticConfig(n_articles=50, seed=3))
>>> len(s.articles), len(s.story) == 50, s.articles[0].id.startswith("g3-")
(50, True, True)
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from newsprism.models import Article

_ONSETS = (
    "b",
    "br",
    "c",
    "d",
    "dr",
    "f",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "tr",
    "v",
    "w",
    "z",
)
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou")
_CODAS = ("", "", "n", "r", "l", "s", "th", "nd", "m", "v", "x", "rk")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables))


def _name(rng: random.Random, lo: int = 2, hi: int = 3) -> str:
    return _word(rng, rng.randint(lo, hi)).capitalize()


# Event kinds: shared topic vocabulary (every event of the kind uses it, so concurrent
# events of one kind overlap heavily), headline templates and body sentence templates.
# Slots: {place} {country} {actor} {actor2} {org} {n} {m} {day} {detail} {detail2} {demonym}
_KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "flood": {
        "heads": (
            "Floods hit {place} as river bursts its banks",
            "{place} evacuates thousands after heavy rain",
            "Flooding in {place}: {n} homes under water",
            "{actor} visits flooded {place}",
        ),
        "body": (
            "Heavy rain caused severe flooding in {place} on {day}, forcing {n} residents to leave their homes.",
            "The river rose by {m} metres overnight and broke through the {detail} near the town centre.",
            "Emergency crews used boats to reach families trapped in the {detail2} district, officials said.",
            "{actor}, the regional governor, said the damage was the worst in decades.",
            "Forecasters warned that more rain was expected over the coming days.",
            "Schools in {place} were closed and the main bridge was shut to traffic.",
            "{org} said it had sent rescue teams and drinking water to the area.",
            "Residents criticised the authorities for failing to repair the {detail} after last year's storms.",
            "{actor2} said the government would release emergency funds for the flood victims.",
            "At least {m} people were reported missing on {day} evening.",
        ),
    },
    "strike": {
        "heads": (
            "{org} workers walk out over pay in {place}",
            "Strike halts {detail} services across {country}",
            "{actor} rejects union demands as strike spreads",
            "Talks fail as {place} strike enters second day",
        ),
        "body": (
            "Thousands of workers at {org} went on strike on {day}, demanding a pay rise of {m} per cent.",
            "The walkout halted {detail} services in {place} and several other cities.",
            "Union leader {actor2} said members would not return until the company improved its offer.",
            "{actor}, the labour minister, urged both sides to resume negotiations.",
            "Management said the strike was illegal and warned of disciplinary action.",
            "Commuters faced long delays as only {n} of the usual services ran.",
            "The union said the {detail2} agreement signed two years ago had been broken.",
            "Business groups estimated the walkout was costing the economy millions a day.",
            "Pickets gathered outside the {org} headquarters in {place} from early morning.",
        ),
    },
    "election": {
        "heads": (
            "{actor} claims victory in {country} election",
            "{country} votes in tight race between {actor} and {actor2}",
            "Opposition disputes {country} election count",
            "Turnout rises as {country} chooses new parliament",
        ),
        "body": (
            "Voters in {country} went to the polls on {day} in an election seen as a test for {actor}.",
            "Preliminary results gave the {org} about {m} per cent of the vote.",
            "{actor2}, the opposition leader, said there had been irregularities in {place}.",
            "Election observers said the vote was largely orderly but noted problems with the {detail} lists.",
            "Turnout was estimated at {m} per cent, higher than at the last election.",
            "{actor} told supporters in {place} that the result was a mandate for change.",
            "The electoral commission said final results would be published within {n} days.",
            "Coalition talks are expected to focus on the {detail2} reform and the budget.",
            "Several ministers lost their seats, according to the count.",
        ),
    },
    "fire": {
        "heads": (
            "Fire destroys {detail} factory in {place}",
            "{m} dead in {place} warehouse blaze",
            "Investigation opened into deadly {place} fire",
        ),
        "body": (
            "A fire broke out at a {detail} factory in {place} on {day}, killing at least {m} workers.",
            "Firefighters fought the blaze for {n} hours before bringing it under control.",
            "{actor}, the local fire chief, said the cause was not yet known.",
            "Witnesses described thick black smoke over the industrial zone.",
            "The owner, {org}, said it was cooperating fully with investigators.",
            "{actor2} ordered safety inspections of all {detail2} plants in the region.",
            "Relatives gathered outside the hospital waiting for news of the injured.",
            "Labour groups said the factory had been warned about blocked fire exits.",
        ),
    },
    "trade": {
        "heads": (
            "{country} and {country2} agree {detail} trade deal",
            "{actor} warns of tariffs in {detail} dispute",
            "Trade talks between {country} and {country2} stall",
        ),
        "body": (
            "{country} and {country2} reached a preliminary agreement on {detail} exports on {day}.",
            "Trade minister {actor} said the deal would cut tariffs by {m} per cent over {n} years.",
            "{actor2} said the agreement protected farmers and the {detail2} industry.",
            "Negotiators met in {place} for a third round of talks this year.",
            "Exporters welcomed the deal but said quotas remained too low.",
            "The {org} said the accord still needed approval by parliament.",
            "Critics argued the deal favoured large producers over small businesses.",
            "Officials said technical details would be settled in the coming weeks.",
        ),
    },
    "court": {
        "heads": (
            "{actor} goes on trial for corruption",
            "Court hears {detail} bribery case against {actor}",
            "{actor} denies charges as trial opens in {place}",
            "Verdict expected in {actor} corruption trial",
        ),
        "body": (
            "Former minister {actor} appeared in court in {place} on {day} charged with taking bribes.",
            "Prosecutors say {actor} received payments worth {n} thousand in exchange for {detail} contracts.",
            "{actor} denied all charges and said the case was politically motivated.",
            "The defence lawyer, {actor2}, asked the judge to dismiss the evidence.",
            "The trial is expected to last {m} weeks, with dozens of witnesses.",
            "Anti-corruption campaigners from {org} protested outside the courthouse.",
            "The case has shaken the governing coalition ahead of the {detail2} vote.",
            "If convicted, {actor} faces up to {m} years in prison.",
        ),
    },
    "denial": {
        "heads": (
            "{country} denies sending {detail} to {country2}",
            "{country} rejects {country2} claims over {detail} shipments",
            "{actor} calls {detail} accusation a fabrication",
        ),
        "body": (
            "The government of {country} denied on {day} that it had sent {detail} to {country2}.",
            "{actor}, a foreign ministry spokesperson, called the accusation a fabrication.",
            "Officials in {country3} had said that {n} shipments crossed the border in recent weeks.",
            "{actor2} said satellite images showed trucks loading {detail} at the port of {place}.",
            "The {org} said it would discuss the accusations at a closed meeting.",
            "Analysts said the denial followed a familiar pattern.",
            "{country} warned that spreading such claims would have consequences.",
            "The dispute comes amid wider tension over the {detail2} sanctions.",
        ),
    },
    "bank": {
        "heads": (
            "{org} raises interest rates to {m} per cent",
            "{country} central bank holds rates as inflation slows",
            "{actor} signals more rate rises in {country}",
        ),
        "body": (
            "The {org} raised its main interest rate by {n} basis points on {day}.",
            "Governor {actor} said inflation remained too high at {m} per cent.",
            "The decision was widely expected by economists.",
            "{actor2}, the finance minister, said the government supported the bank's independence.",
            "Mortgage holders in {place} face higher monthly payments as a result.",
            "The currency rose against the dollar after the announcement.",
            "The bank said {detail} prices and wages were the main sources of pressure.",
            "Markets now expect another move before the end of the {detail2} quarter.",
        ),
    },
    "sport": {
        "heads": (
            "{org} win cup final in {place}",
            "{actor} scores twice as {org} lift the trophy",
            "{org} beat {org2} in {place} thriller",
        ),
        "body": (
            "{org} beat {org2} {m}-{n} in the cup final in {place} on {day}.",
            "{actor} scored twice in the second half to seal the win.",
            "Coach {actor2} said the team had worked all season for this moment.",
            "More than {n} thousand fans watched the match at the {detail} stadium.",
            "It was the club's first trophy in {m} years.",
            "{org2} had led at half-time after an early goal.",
            "Celebrations continued late into the night in the {detail2} square.",
        ),
    },
}
_FILLER = (
    "The ministry did not respond to a request for comment.",
    "More details are expected later in the week.",
    "The situation remains uncertain, officials said.",
    "Local media reported similar accounts.",
    "Read more on this topic in our coverage.",
    "The agency could not independently verify the reports.",
)
_DETAILS = tuple(
    "levee dam pipeline railway harbour grain steel textile chemical bus ferry tram postal port fuel "
    "drone rocket ammunition artillery fertiliser timber copper pension housing energy fishing airport "
    "customs border electricity mining bakery paper cement rubber glass tobacco dairy".split()
)
_ORG_KINDS = ("Union", "Group", "Party", "Bank", "Council", "United", "Federation", "Rovers")
_DEMONYM_SUFFIXES = ("ian", "ese", "ish", "an")


@dataclass(slots=True)
class SyntheticConfig:
    """Size and shape of a generated stream.

    Defaults give a mid-sized set (~800 articles) with dense concurrency: about six
    new events a day, a quarter of events belonging to storylines.
    """

    n_articles: int = 800
    seed: int = 1
    events_per_day: float = 6.0  # density of concurrent events
    countries: int = 20
    people_per_country: int = 30
    storyline_share: float = 0.25  # share of events that are an episode of a storyline
    episodes: tuple[int, int] = (2, 4)
    episode_gap_days: tuple[int, int] = (14, 60)
    articles_per_event: tuple[int, int] = (1, 12)
    outlets: int = 30
    wire_share: float = 0.15  # share of articles that reprint an agency text
    undated_share: float = 0.03
    start: date = field(default_factory=lambda: date(2031, 1, 5))


@dataclass(slots=True)
class SyntheticStream:
    """Generated articles with gold labels by article id."""

    articles: list[Article]
    story: dict[str, str]
    storyline: dict[str, str | None]


@dataclass(slots=True)
class _Country:
    name: str
    demonym: str
    places: list[str]
    people: list[str]
    orgs: list[str]


@dataclass(slots=True)
class _Event:
    id: str
    kind: str
    day: int  # ordinal
    slots: dict[str, str]
    storyline: str | None
    n_articles: int


def _world(rng: random.Random, cfg: SyntheticConfig) -> list[_Country]:
    countries = []
    for _ in range(cfg.countries):
        name = _name(rng, 2, 3)
        stem = name.rstrip("aeiou")
        countries.append(
            _Country(
                name=name,
                demonym=stem + rng.choice(_DEMONYM_SUFFIXES),
                places=[_name(rng, 2, 3) for _ in range(10)],
                people=[f"{_name(rng, 1, 2)} {_name(rng, 2, 3)}" for _ in range(cfg.people_per_country)],
                orgs=[f"{_name(rng, 2, 3)} {rng.choice(_ORG_KINDS)}" for _ in range(6)],
            )
        )
    return countries


def _event_slots(rng: random.Random, countries: list[_Country], kind: str) -> dict[str, str]:
    c, c2, c3 = rng.sample(countries, 3)
    actors = rng.sample(c.people, 2)
    return {
        "country": c.name,
        "country2": c2.name,
        "country3": c3.name,
        "demonym": c.demonym,
        "place": rng.choice(c.places),
        "actor": actors[0],
        "actor2": actors[1],
        "org": rng.choice(c.orgs),
        "org2": rng.choice(c2.orgs) if kind == "sport" else rng.choice(c.orgs),
        "detail": rng.choice(_DETAILS),
        "detail2": rng.choice(_DETAILS),
        "n": str(rng.randint(2, 900)),
        "m": str(rng.randint(2, 40)),
    }


def _events(rng: random.Random, cfg: SyntheticConfig, countries: list[_Country]) -> Iterator[_Event]:
    """An endless series of events, `events_per_day` new ones a day on average.

    A storyline's later episodes are yielded with its first one (dated weeks ahead);
    the stream is sorted by date at the end.
    """
    start = cfg.start.toordinal()
    kinds = list(_KINDS)
    k = 0
    while True:
        kind = rng.choice(kinds)
        slots = _event_slots(rng, countries, kind)
        day = start + int(k / cfg.events_per_day)
        k += 1
        if rng.random() < cfg.storyline_share:
            # an episode series: same actors, country and topic; new specifics each time
            line = f"L{k}"
            for e in range(rng.randint(*cfg.episodes)):
                ep = dict(slots)
                ep.update({"n": str(rng.randint(2, 900)), "m": str(rng.randint(2, 40))})
                ep["detail2"] = rng.choice(_DETAILS)
                ep["place"] = rng.choice([slots["place"], *rng.sample(countries, 1)[0].places[:3]])
                yield _Event(f"E{k}.{e}", kind, day, ep, line, _article_count(rng, cfg))
                day += rng.randint(*cfg.episode_gap_days)
        else:
            yield _Event(f"E{k}", kind, day, slots, None, _article_count(rng, cfg))


def _article_count(rng: random.Random, cfg: SyntheticConfig) -> int:
    lo, hi = cfg.articles_per_event
    # skewed: most events get a few articles, a few get many
    return min(hi, lo + int(rng.expovariate(1.0 / max(1.0, (hi - lo) / 3))))


def _fill(template: str, slots: dict[str, str], weekday: str) -> str:
    return template.format(day=weekday, **slots)


def generate_stream(config: SyntheticConfig | None = None) -> SyntheticStream:
    """A labelled stream of `config.n_articles` articles, deterministic for a seed."""
    cfg = config or SyntheticConfig()
    rng = random.Random(cfg.seed)
    countries = _world(rng, cfg)
    outlets = [
        f"The {_name(rng, 2, 2)} {rng.choice(('Times', 'Post', 'Herald', 'Daily', 'News', 'Courier'))}"
        for _ in range(cfg.outlets)
    ]
    agencies = [f"{_name(rng, 1, 2)} Press" for _ in range(3)]
    articles: list[Article] = []
    story: dict[str, str] = {}
    storyline: dict[str, str | None] = {}
    for ev in _events(rng, cfg, countries):
        if len(articles) >= cfg.n_articles:
            break
        kind = _KINDS[ev.kind]
        weekday = _WEEKDAYS[date.fromordinal(ev.day).weekday()]
        wire_text: str | None = None
        for _ in range(ev.n_articles):
            if len(articles) >= cfg.n_articles:
                break
            aid = f"g{cfg.seed}-{len(articles):06d}"
            pub = date.fromordinal(ev.day) + timedelta(days=min(3, int(rng.expovariate(1.2))))
            title = _fill(rng.choice(kind["heads"]), ev.slots, weekday)
            if wire_text is not None and rng.random() < cfg.wire_share * 3:
                paras = wire_text.split("\n\n")
                text = "\n\n".join(paras[: max(3, len(paras) - rng.randint(0, 2))])
                outlet = rng.choice(outlets)
            else:
                body = list(kind["body"])
                k = rng.randint(max(3, len(body) // 2), len(body))
                sents = [body[0], *rng.sample(body[1:], k - 1)]
                if rng.random() < 0.5:
                    sents.append(rng.choice(_FILLER))
                text = "\n\n".join(_fill(s, ev.slots, weekday) for s in sents)
                outlet = rng.choice(outlets)
                if wire_text is None and rng.random() < cfg.wire_share * 2:
                    wire_text = text
                    outlet = rng.choice(agencies)
            articles.append(
                Article(
                    id=aid,
                    source=f"synthetic:{cfg.seed}",
                    title=title,
                    text=text,
                    published=None if rng.random() < cfg.undated_share else pub.isoformat(),
                    outlet=outlet,
                )
            )
            story[aid] = ev.id
            storyline[aid] = ev.storyline
    articles.sort(key=lambda a: (a.published or "9999", a.id))
    return SyntheticStream(articles=articles, story=story, storyline=storyline)
