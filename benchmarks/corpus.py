"""A generator of realistic labelled news corpora for the batch benchmarks (not a test).

The event structure comes from `newsprism.cluster.synthetic` (concurrent events,
storylines of several episodes weeks apart, outlets, agency texts reprinted by other
outlets, undated articles), dated in the past (the cleaner refuses future dates). The
*text* is written here, from a combinatorial grammar, so that two events share topic
words but not sentence skeletons:

- **per-event facts**: each event draws its own 16-26 fact sentences. A fact is a
  clause frame (about 30 frames: active, passive, "there were", "X after Y", "X while
  Y", relative clauses …) filled from a large lexicon (event-kind topic words, the
  event's own subset of them, general nouns, adjectives, verbs, time and place
  phrases) and the event's own names and numbers, with optional fronted or trailing
  adjuncts and attributions. Storyline episodes share actors, country and topic words,
  not facts;
- **per-outlet paraphrases**: every lexical item is a set of synonyms and many
  adjuncts can move; each article picks its own facts (the lead first), their order,
  and a surface form for every item, so articles of one event share names, numbers and
  many phrases but are not copies;
- **wire reprints verbatim**: an outlet reprinting an agency text gets that agency
  article's rendered paragraphs (possibly trimmed at the end);
- **quotes**: direct and reported speech by the event's actors with speech verbs,
  built from first-person clause frames with the event's own words;
- **edited copies**: syndicated reprints of an earlier article with a local intro, a
  few words changed and the last paragraph cut (copy detection must still group them);
- **exact re-posts**: a small share of records repeated under their id with other page
  clutter (ingest must count them as duplicates);
- **page clutter**: each outlet has its own chrome (a few lines from `CLUTTER`, several
  naming it, which it repeats on every page, as real sites do) and per-page lines
  (`PAGE_CLUTTER`: update times, photo credits, related headlines, tags) that vary
  from page to page. The cleaner is expected to remove most of it.

Records use the JSONL dump keys (``id, url, title, published, outlet, text``) with the
gold labels ``gold_story`` and ``gold_copy_of`` (ignored by the reader).

Run: ``.venv/bin/python benchmarks/corpus.py N OUT_DIR [--seed S] [--per-file K] [--stats]``
writes ``OUT_DIR/part-00000.jsonl`` … (K records per file, default 1000); ``--stats``
then prints `corpus_stats` (cross-event similarity, copy candidates per article).

Realism, measured with ``benchmarks/corpus_stats.py`` (see docs/performance.md): the
share of random pairs of cleaned articles of different events whose word-bigram
Jaccard is >= 0.1 (real news, 924 PolNeAR articles of one political beat: 0.017%).
Seed 1, 200,000 random cross-event pairs each: 0.0045% at 1k, 0.001% at 10k (the
former generator: 1.79% and 1.70%); within-event median 0.29 (former 0.20); copy
candidate pairs per article 3.0 at 1k, 4.9 at 10k (former 15.3 and 116.6).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import zlib
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

# syllables for invented names and the weekday names: the synthetic stream's own tables
from newsprism.cluster.synthetic import _CODAS as _SYL_CO
from newsprism.cluster.synthetic import _ONSETS as _SYL_ON
from newsprism.cluster.synthetic import _VOWELS as _SYL_V
from newsprism.cluster.synthetic import (
    _WEEKDAYS,
    SyntheticConfig,
    generate_stream,
)

# --- page clutter ----------------------------------------------------------------------------

# An outlet's chrome: each outlet repeats its own few lines on every page (a site
# template). Only the slots {outlet} and {year}: tests/batch/test_corpus.py matches these
# templates as boilerplate.
CLUTTER = (
    "Advertisement",
    "Share this article: Facebook | X | Email | Copy link",
    "Sign up for the {outlet} morning newsletter and never miss a story.",
    "Related: more stories from our correspondents",
    "Click here to subscribe for unlimited access.",
    "© {year} {outlet}. All rights reserved. Reproduction without permission is prohibited.",
    "Follow {outlet} on social media for the latest updates.",
    "Photo: handout",
    "Story continues below",
    "Most read",
    "Sponsored content",
    "Listen to this article",
    "Join the conversation on our forums.",
    "Subscribe to {outlet} for full access.",
    "Copyright {year} {outlet}",
    "Skip to main content",
    "Advertisement - scroll to continue",
    "Download the {outlet} app",
)
# comment-section lines end the article for the cleaner: only ever the last line
# (checked with the cleaner: a line read as a comment form or a related-stories list
# ends the article there, as it does on real pages)
FOOTER_ONLY = frozenset(
    {
        "Join the conversation on our forums.",
        "Sponsored content",
        "Most read",
        "Comments ({n})",
        "More from {outlet}: {headline}",
    }
)
# Lines that differ from page to page (short: they are navigation, not narration).
PAGE_CLUTTER = (
    "Updated {hh}:{mm} GMT",
    "Photo: {person} / {outlet}",
    "Read more: {headline}",
    "Tags: {tag}, {tag2}",
    "Comments ({n})",
    "Listen to this article ({m} min)",
    "More from {outlet}: {headline}",
    "Reporting by {person}; editing by {person2}",
)
LOCAL_INTROS = (
    "Residents of our region followed the news closely on {day}.",
    "Local officials said they were monitoring the situation.",
    "Readers have asked us what this means for the area.",
)

# --- lexicon -------------------------------------------------------------------------------------
# Every entry is a set of synonyms ("a|b|c"): an article renders one of them, so outlets
# paraphrase. Verbs are "past/base" pairs inside the set ("rejected/reject|dismissed/dismiss").

_KINDS: dict[str, dict[str, str]] = {
    "flood": {
        "nouns": "river|waterway;rain|rainfall;levee|embankment;flood defences;floodwater|water;"
        "evacuation centre|shelter;rescue boat;storm|downpour;dam;valley;landslide|mudslide;"
        "drainage system;water level|river level;sandbag;power line;farmland;pumping station",
        "verbs": "flooded/flood|inundated/inundate;swept away/sweep away;submerged/submerge;"
        "evacuated/evacuate|moved out/move out;rescued/rescue|pulled out/pull out;"
        "breached/breach|broke through/break through;overflowed/overflow;cut off/cut off|isolated/isolate",
        "roles": "regional governor;mayor;emergency services chief;head of the civil protection agency;"
        "hydrologist;environment minister",
        "tags": "floods;weather;emergencies;climate",
    },
    "strike": {
        "nouns": "walkout|strike;union|labour union;pay offer|wage offer;picket line;overtime;"
        "shift;contract|collective agreement;depot;workforce|staff;bonus;pension fund;"
        "negotiating team;mediator|arbiter;service|timetable;ballot|strike vote;management",
        "verbs": "walked out/walk out|downed tools/down tools;rejected/reject|turned down/turn down;"
        "picketed/picket;balloted/ballot;suspended/suspend|halted/halt;"
        "offered/offer|put forward/put forward;threatened/threaten;negotiated/negotiate",
        "roles": "labour minister;union leader;chief executive;works council chair;transport minister;mediator",
        "tags": "labour;unions;economy;transport",
    },
    "election": {
        "nouns": "ballot|vote;polling station;turnout;coalition;candidate;constituency|district;"
        "runoff|second round;electoral commission;opposition;campaign;manifesto|platform;"
        "recount;exit poll;seat|mandate;voter roll|electoral register;debate",
        "verbs": "won/win|secured/secure;conceded/concede;campaigned/campaign;"
        "disputed/dispute|contested/contest;counted/count|tallied/tally;voted/vote;"
        "formed/form;challenged/challenge",
        "roles": "opposition leader;prime minister;party chair;electoral commission head;"
        "incumbent president;election observer",
        "tags": "elections;politics;parliament",
    },
    "fire": {
        "nouns": "blaze|fire;smoke;fire crew|firefighters;warehouse;factory|plant;sprinkler system;"
        "fire exit|emergency exit;inspection;debris|rubble;burns unit;fire service;"
        "chemical store;roof;evacuation;building code|safety code;insurance claim",
        "verbs": "gutted/gut|destroyed/destroy;spread/spread|swept/sweep;extinguished/extinguish|put out/put out;"
        "collapsed/collapse;evacuated/evacuate;inspected/inspect;ignited/ignite;contained/contain",
        "roles": "fire chief;plant manager;labour inspector;interior minister;police spokesperson;hospital director",
        "tags": "fires;safety;industry",
    },
    "trade": {
        "nouns": "tariff|import duty;export quota|quota;trade deal|trade accord;customs checkpoint;"
        "shipment|consignment;supply chain;trade surplus;negotiator;free trade zone;"
        "dumping probe|anti-dumping inquiry;levy;market access;subsidy;port authority;exporter",
        "verbs": "imposed/impose|slapped/slap;lifted/lift|scrapped/scrap;negotiated/negotiate;"
        "signed/sign|initialled/initial;retaliated/retaliate;banned/ban|blocked/block;"
        "cut/cut|lowered/lower;extended/extend",
        "roles": "trade minister;chief negotiator;customs director;economy minister;exporters' association head",
        "tags": "trade;economy;diplomacy",
    },
    "court": {
        "nouns": "trial|hearing;verdict|ruling;indictment|charge sheet;bribe|kickback;"
        "prosecutor|prosecution;defence team;witness;testimony;appeal;sentence;bail;"
        "courtroom;plea deal;evidence|exhibit;contract award;judge|presiding judge",
        "verbs": "charged/charge|indicted/indict;denied/deny;testified/testify;"
        "convicted/convict|found guilty/find guilty;acquitted/acquit|cleared/clear;"
        "appealed/appeal;adjourned/adjourn;sentenced/sentence",
        "roles": "former minister;chief prosecutor;defence lawyer;presiding judge;anti-corruption investigator",
        "tags": "courts;corruption;justice",
    },
    "diplomacy": {
        "nouns": "embassy;ambassador|envoy;sanction|restriction;border crossing;accusation|allegation;"
        "summit;delegation;satellite image;arms shipment|weapons delivery;ceasefire|truce;"
        "communique|joint statement;foreign ministry;military attache;airspace;treaty|pact",
        "verbs": "denied/deny|rejected/reject;summoned/summon;expelled/expel;accused/accuse;"
        "condemned/condemn|denounced/denounce;recalled/recall;mediated/mediate|brokered/broker;"
        "violated/violate|breached/breach",
        "roles": "foreign minister;ambassador;defence ministry spokesperson;UN envoy;deputy foreign minister",
        "tags": "diplomacy;world;security",
    },
    "bank": {
        "nouns": "interest rate|policy rate;inflation|price growth;central bank;currency|exchange rate;"
        "mortgage|home loan;bond yield;rate decision;monetary policy;basis point;"
        "deposit rate;credit growth;core inflation;forward guidance;reserve;lending",
        "verbs": "raised/raise|lifted/lift;held/hold|kept/keep;cut/cut|lowered/lower;"
        "signalled/signal|hinted/hint;tightened/tighten;eased/ease;forecast/forecast|projected/project;"
        "weakened/weaken",
        "roles": "central bank governor;finance minister;chief economist;deputy governor;bank analyst",
        "tags": "economy;markets;banking",
    },
    "sport": {
        "nouns": "final|cup final;penalty|spot kick;goal|strike;half-time|the interval;"
        "stadium|ground;trophy|cup;coach|manager;striker|forward;goalkeeper|keeper;"
        "extra time;red card|sending-off;supporters|fans;league title|championship;squad;header",
        "verbs": "scored/score|netted/net;beat/beat|defeated/defeat;equalised/equalise|levelled/level;"
        "saved/save|stopped/stop;lifted/lift|won/win;booked/book;celebrated/celebrate;conceded/concede",
        "roles": "head coach;club captain;team manager;league chairman;goalkeeping coach",
        "tags": "sport;football",
    },
    "health": {
        "nouns": "outbreak|cluster of cases;vaccine|jab;clinic|health centre;hospital ward;"
        "infection|case;quarantine|isolation;health ministry;testing centre;"
        "symptom;patient;vaccination campaign;pathogen|virus;field hospital;medical supplies",
        "verbs": "confirmed/confirm|recorded/record;vaccinated/vaccinate|immunised/immunise;"
        "quarantined/quarantine|isolated/isolate;treated/treat;tested/test|screened/screen;"
        "spread/spread;admitted/admit;traced/trace",
        "roles": "health minister;chief medical officer;epidemiologist;hospital director;WHO representative",
        "tags": "health;medicine",
    },
    "transport": {
        "nouns": "derailment|accident;train|passenger train;carriage|coach;signal|signalling;"
        "track|line;level crossing;crash investigators;timetable;bus|coach bus;"
        "ferry;runway;operator|rail operator;motorway|highway;bridge;brakes",
        "verbs": "derailed/derail|left the tracks/leave the tracks;collided/collide|crashed/crash;"
        "closed/close|shut/shut;suspended/suspend;reopened/reopen;inspected/inspect;"
        "investigated/investigate;diverted/divert|rerouted/reroute",
        "roles": "transport minister;rail operator's chief executive;accident investigator;police chief;station manager",
        "tags": "transport;accidents;rail",
    },
    "tech": {
        "nouns": "data breach|hack;cyberattack|cyber attack;software update|patch;data centre;"
        "user data|personal data;regulator|watchdog;privacy rules;start-up;chip plant|chip factory;"
        "outage|service outage;app;cloud service;fine|penalty;encryption;server",
        "verbs": "hacked/hack|breached/breach;launched/launch|rolled out/roll out;fined/fine;"
        "leaked/leak|exposed/expose;patched/patch|fixed/fix;restored/restore;acquired/acquire|bought/buy;"
        "disrupted/disrupt",
        "roles": "digital minister;chief technology officer;data protection commissioner;"
        "security researcher;company founder",
        "tags": "technology;business;privacy",
    },
}

_NOUNS = (
    "officials|authorities;residents|locals|inhabitants;ministry;council|city council;report;"
    "plan|proposal;budget;investigation|inquiry;agreement|deal;statement;government|administration;"
    "company|firm;families|households;workers|employees;police|police officers;committee|panel;"
    "volunteers;hospital;school|schools;bridge;road|main road;town centre|city centre;"
    "neighbourhood|district;warning|alert;damage;costs|bill;figures|data;deadline;review;decision|ruling;"
    "request;talks|negotiations;meeting|session;delay;shortage;crisis;funds|money;loan|credit line;"
    "compensation;protest|demonstration;critics;experts|specialists;analysts;lawmakers|legislators;"
    "parliament;spokesperson|spokesman;press conference|news conference;website;letter;complaint;"
    "audit;contract;project|scheme;programme;timetable|schedule;target;record;estimate|projection;"
    "evidence;question;response|reaction;measures|steps;rules|regulations;licence|permit;support|backing;"
    "pressure;fears|concerns;criticism;risk;impact|effect;future;region|province;capital;border;"
    "airport;harbour|port;railway station|station;farmers;shops|businesses;prices;jobs;tax|taxes;"
    "vote;election;opposition;coalition;court;lawyers;journalists|reporters;social media;images|footage;"
    "video;documents|papers;inspectors;soldiers|troops;rescuers|rescue workers;doctors;nurses;"
    "teachers;students;pensioners|retirees;commuters|travellers;drivers;passengers;tourists|visitors"
)
_ADJS = (
    "serious|grave;major|significant;new|fresh;local;regional;national;independent;official;"
    "temporary|interim;long-term;initial|preliminary;final;full|complete;urgent|pressing;"
    "public;private;heavy|severe;sharp|steep;modest|small;unexpected|surprise;previous|earlier;"
    "detailed;formal;emergency;costly|expensive;critical;damaged;disputed|contested;ageing|old;"
    "crowded;remote;northern;southern;eastern;western;central;coastal;rural;industrial;"
    "lengthy|long;brief|short;quiet;tense;angry;fragile;broader|wider;key|crucial"
)
_VERBS = (
    "announced/announce|unveiled/unveil;criticised/criticise|condemned/condemn;approved/approve|backed/back;"
    "rejected/reject|dismissed/dismiss;promised/promise|pledged/pledge;demanded/demand|called for/call for;"
    "delayed/delay|postponed/postpone;opened/open|launched/launch;closed/close|shut/shut;"
    "blamed/blame;reviewed/review|examined/examine;confirmed/confirm;warned/warn;questioned/question;"
    "released/release|published/publish;suspended/suspend|halted/halt;expanded/expand|widened/widen;"
    "reduced/reduce|cut/cut;increased/increase|raised/raise;restored/restore;ordered/order;"
    "requested/request|asked for/ask for;cancelled/cancel|scrapped/scrap;defended/defend;"
    "supported/support;repaired/repair|fixed/fix;inspected/inspect;visited/visit|toured/tour;"
    "funded/fund|paid for/pay for;moved/move|relocated/relocate;tracked/track|monitored/monitor;"
    "prepared/prepare|drew up/draw up;replaced/replace;sent/send|dispatched/dispatch;"
    "received/receive|got/get;counted/count;estimated/estimate;reported/report|recorded/record;"
    "organised/organise|arranged/arrange;challenged/challenge;accepted/accept;signed/sign;"
    "protested/protest;recovered/recover;reached/reach;avoided/avoid;faced/face;lost/lose;"
    "gained/gain;welcomed/welcome|praised/praise;urged/urge;offered/offer;restricted/restrict|limited/limit"
)
_ADVS = (
    "quickly|rapidly;quietly;sharply;repeatedly;publicly|openly;briefly;formally|officially;"
    "initially|at first;eventually|finally;reluctantly;immediately|at once;partly|partially;"
    "largely|mostly;jointly;directly"
)
_TIMES = (
    "on {day}|on {day} morning|early on {day};late on {day}|on {day} evening;earlier this week|this week;"
    "over the weekend|at the weekend;within hours|hours later;by {day} evening|by {day} night;"
    "last month|a month ago;for the first time in {y} years|for the first time since {year0};"
    "since {day}|since early {day};after midnight|overnight;in the coming days|over the next few days;"
    "by the end of the month|before the month ends;last year|a year ago;at dawn|at first light;"
    "on {day} afternoon|by {day} afternoon;two days earlier|two days before;in recent weeks|lately;"
    "at noon|around midday;for {y} days|over {y} days;next week|in a week;since the spring|since March;"
    "in the early hours|before sunrise;later that day|that evening;until further notice|indefinitely;"
    "within {y} hours|inside {y} hours;in late {month}|at the end of {month};earlier in the day|that morning"
)
_PLACE_PREPS = "in|in|near|outside|across|around"
_CONNECT = "after|after;as|while;because|since;although|even though;before|ahead of the moment;until;once"
_ATTRIB = (
    "officials said|authorities said;{actor} said|said {actor};according to {org}|{org} said;"
    "{org} confirmed|{org} said in a statement;local media reported|local reports said;"
    "witnesses said|people at the scene said;a spokesperson for {org} said;{actor} told reporters|{actor} told journalists;"
    "police said;figures from {org} showed|{org} data showed;it emerged on {day}|it was confirmed on {day}"
)
_CUES = (
    "said|said|told reporters|said in a statement|added|warned|insisted|stressed|noted|argued|"
    "admitted|acknowledged|claimed|told a news conference|wrote on social media"
)
_DETS_PL = (
    "several|many|dozens of|hundreds of|some|most|a number of|at least {n}|about {n}|nearly {n}|"
    "more than {n}|{n}|the|these|all the|up to {n}|roughly {n}|almost {n}|two|three|four"
)
_DETS_SG = (
    "the|the|a|its|one|the only|another|the first|the latest|a second|this|that|each|the whole|"
    "the new|the main|the third|the same"
)
_ORG_KINDS = ("Union", "Group", "Party", "Bank", "Council", "Institute", "Alliance", "Holdings", "Foundation")


def _split(spec: str) -> list[tuple[str, ...]]:
    return [tuple(x.strip() for x in item.split("|")) for item in spec.split(";") if item.strip()]


def _verbs(spec: str) -> list[tuple[tuple[str, str], ...]]:
    return [tuple(tuple(v.split("/")) for v in syn) for syn in _split(spec)]  # type: ignore[misc]


KIND_LEX = {
    k: {
        "nouns": _split(v["nouns"]),
        "verbs": _verbs(v["verbs"]),
        "roles": v["roles"].split(";"),
        "tags": v["tags"].split(";"),
    }
    for k, v in _KINDS.items()
}
NOUNS, ADJS, VERBS, ADVS = _split(_NOUNS), _split(_ADJS), _verbs(_VERBS), _split(_ADVS)
TIMES, CONNECT, ATTRIB = _split(_TIMES), _split(_CONNECT), _split(_ATTRIB)
CUES = tuple(_CUES.split("|"))
DETS_PL, DETS_SG = tuple(_DETS_PL.split("|")), tuple(_DETS_SG.split("|"))
PLACE_PREPS = tuple(_PLACE_PREPS.split("|"))


def _is_plural(noun: tuple[str, ...]) -> bool:
    word = noun[0].split()[-1]
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "news"))


_PLURAL_NOUNS = tuple(n for n in NOUNS if _is_plural(n))

# A rendered segment: a fixed string or a set of alternatives (one is chosen per article).
Seg = str | tuple[str, ...]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYL_ON) + rng.choice(_SYL_V) + rng.choice(_SYL_CO) for _ in range(syllables))


def _cap(rng: random.Random, lo: int = 2, hi: int = 3) -> str:
    return _word(rng, rng.randint(lo, hi)).capitalize()


class _World(NamedTuple):
    # (a NamedTuple, not a dataclass: tests load this file with importlib without
    # registering it in sys.modules, which dataclasses' string annotations need)
    countries: list[dict[str, Any]]
    people: list[str]  # photographers and editors for page clutter


def _world(seed: int) -> _World:
    rng = random.Random(f"world|{seed}")
    countries = []
    for _ in range(40):
        countries.append(
            {
                "name": _cap(rng),
                "places": [_cap(rng) for _ in range(12)],
                "people": [f"{_cap(rng, 1, 2)} {_cap(rng, 2, 3)}" for _ in range(40)],
                "orgs": [f"{_cap(rng, 2, 3)} {rng.choice(_ORG_KINDS)}" for _ in range(8)],
            }
        )
    people = [f"{_cap(rng, 1, 2)} {_cap(rng, 2, 3)}" for _ in range(300)]
    return _World(countries, people)


class _Event(NamedTuple):
    """One gold event: its names, numbers, words, facts and quotes (as segments)."""

    kind: str
    actors: list[tuple[str, str]]  # (name, role)
    orgs: list[str]
    place: str
    country: str
    day: str
    nouns: list[tuple[str, ...]]
    verbs: list[tuple[tuple[str, str], ...]]
    facts: list[list[Seg]]
    quotes: list[list[Seg]]
    titles: list[str]
    tags: list[str]


class _Grammar:
    """Builds an event's facts and quotes from the lexicon with one seeded rng."""

    def __init__(self, rng: random.Random, ev: _Event) -> None:
        self.r = rng
        self.ev = ev
        # the event's own detail words: a project, a street, a code name (unique names
        # are what real reports of different events never share)
        self.own = [
            f"{_cap(rng)} {rng.choice(('road', 'bridge', 'plan', 'project', 'report', 'site', 'fund'))}"
        ]
        self.own.append(_cap(rng, 2, 2))
        self.month = rng.choice(("January", "February", "March", "April", "May", "June", "July", "August"))
        # The event's own sentence plans and register: a subset of the frames and of the
        # function phrases (determiners, time phrases, connectives, attributions) and of
        # the general lexicon. Two events then share only the intersection of their
        # subsets, so they share topic words but rarely a skeleton ("X was unable to Y
        # the Z, police said"). Measured with benchmarks/corpus_stats.py: without the
        # subsets (every event drawing from everything) 10k copy candidates per article
        # grew from 3.6 (1k) to 9.2 (10k), most of the growth pairs of different events.
        self.frames = rng.sample(range(_N_FRAMES), 9)
        self.qframes = rng.sample(range(_N_QFRAMES), 4)
        self.nouns_g = rng.sample(NOUNS, 30)
        self.verbs_g = rng.sample(VERBS, 18)
        self.adjs = rng.sample(ADJS, 12)
        self.advs = rng.sample(ADVS, 4)
        self.times = rng.sample(TIMES, 6)
        self.connect = rng.sample(CONNECT, 3)
        self.attribs = rng.sample(ATTRIB, 4)
        self.dets_sg = rng.sample(DETS_SG, 5)
        self.dets_pl = rng.sample(DETS_PL, 6)

    # -- phrases ------------------------------------------------------------------------------
    def num(self, scale: str = "count") -> str:
        r = self.r
        if scale == "pct":
            return str(r.randint(1, 60))
        if scale == "dur":
            return str(r.randint(2, 30))
        return str(
            r.choice((r.randint(2, 60), r.randint(60, 950), r.randint(1, 9) * 1000 + r.randint(0, 999)))
        )

    def noun(self) -> tuple[str, ...]:
        # the event's topic words most of the time, general nouns otherwise
        pool = self.ev.nouns if self.r.random() < 0.55 else self.nouns_g
        return self.r.choice(pool)

    def np(self, plural: bool | None = None) -> list[Seg]:
        r = self.r
        roll = r.random()
        if roll < 0.12:
            name, role = r.choice(self.ev.actors)
            return [name]
        if roll < 0.2:
            return [r.choice((*self.ev.orgs, *self.own[:1]))]
        noun = self.noun()
        out: list[Seg] = []
        if _is_plural(noun):  # determiners agree with the noun
            out.append(r.choice(self.dets_pl).format(n=self.num()))
        else:
            out.append(r.choice(self.dets_sg))
        if r.random() < 0.45:
            out.append(r.choice(self.adjs))
        out.append(noun)
        if r.random() < 0.3:
            out += [r.choice(("of the", "at the", "for the", "in the")), self.noun()]
        elif r.random() < 0.15:
            out += ["in", r.choice((self.ev.place, self.ev.country, self.own[1]))]
        return out

    def plural_noun(self) -> tuple[str, ...]:
        for _ in range(8):
            noun = self.noun()
            if _is_plural(noun):
                return noun
        return self.r.choice(_PLURAL_NOUNS)

    def verb(self, form: int = 0) -> tuple[str, ...]:
        pool = self.ev.verbs if self.r.random() < 0.5 else self.verbs_g
        return tuple(v[form] for v in self.r.choice(pool))

    def time(self) -> tuple[str, ...]:
        r = self.r
        y = str(r.randint(3, 40))
        return tuple(
            t.format(day=self.ev.day, y=y, year0=str(2024 - int(y)), month=self.month)
            for t in r.choice(self.times)
        )

    def where(self) -> list[Seg]:
        r = self.r
        return [r.choice(PLACE_PREPS), r.choice((self.ev.place, self.ev.place, self.ev.country, self.own[1]))]

    def attrib(self) -> tuple[str, ...]:
        name = self.r.choice(self.ev.actors)[0]
        org = self.r.choice(self.ev.orgs)
        return tuple(a.format(actor=name, org=org, day=self.ev.day) for a in self.r.choice(self.attribs))

    def clause(self) -> list[Seg]:
        """A main clause from one of the frames."""
        r = self.r
        n = self.num()
        frame = r.choice(self.frames)
        if frame == 0:
            return [*self.np(), self.verb(), *self.np()]
        if frame == 1:
            return [*self.np(), r.choice(self.advs), self.verb(), *self.np(), *self.where()]
        if frame == 2:  # passive
            return [*self.np(), r.choice(("was", "had been")), self.verb(), "by", *self.np()]
        if frame == 3:
            return ["there were", n, self.plural_noun(), *self.where()]
        if frame == 4:
            return [*self.np(), "said it had", self.verb(), *self.np()]
        if frame == 5:
            return [*self.np(), self.verb(), *self.np(), "and", self.verb(), *self.np()]
        if frame == 6:
            return [*self.np(), ", which", self.verb(), *self.np(), ",", self.verb(), *self.np()]
        if frame == 7:
            return [*self.np(), "rose|climbed|grew", "to", n, "from", self.num(), *self.where()]
        if frame == 8:
            return [*self.np(), "fell|dropped|declined", "by", self.num("pct"), "per cent|percent"]
        if frame == 9:
            return ["the", self.noun(), "cost|will cost", "an estimated|about", self.num("dur"), "million"]
        if frame == 10:
            return [*self.np(), "had", self.verb(), *self.np(), "for", self.num("dur"), "days|weeks|months"]
        if frame == 11:
            return [
                "it was the",
                r.choice(("first", "second", "third", "largest", "worst")),
                self.noun(),
                *self.where(),
            ]
        if frame == 12:
            return [*self.np(), "could not|was unable to", self.verb(1), *self.np()]
        if frame == 13:
            return [*self.np(), "plans to|intends to|wants to", self.verb(1), *self.np()]
        if frame == 14:
            return ["no|none of the", self.noun(), "had been", self.verb(), *self.where()]
        if frame == 15:
            return [*self.np(), self.verb(), "that", *self.np(), self.verb(), *self.np()]
        if frame == 16:
            return [*self.np(), "will|is set to", self.verb(1), *self.np(), self.time()]
        if frame == 17:
            return ["officials|authorities", "expect|believe", *self.np(), "to", self.verb(1), *self.np()]
        if frame == 18:
            return [*self.np(), "remained|stayed", "closed|shut|on alert|under review", *self.where()]
        if frame == 19:
            return ["a|one", "further|second", self.noun(), "is due|is expected", self.time()]
        if frame == 20:
            return [*self.np(), "and", *self.np(), self.verb(), *self.np()]
        if frame == 21:
            return ["at the heart of the dispute|central to the matter", "is|was", *self.np()]
        if frame == 22:
            return [*self.np(), "had already", self.verb(), *self.np(), "before", *self.np(), self.verb()]
        return ["more than|over", n, self.plural_noun(), "were|had been", self.verb(), *self.where()]

    def fact(self) -> list[Seg]:
        r = self.r
        segs: list[Seg] = []
        fronted = r.random() < 0.3
        adjunct = r.choice((self.time, self.where))() if r.random() < 0.6 else None
        if fronted and adjunct:
            segs += [*(adjunct if isinstance(adjunct, list) else [adjunct]), ","]
        segs += self.clause()
        if adjunct and not fronted:
            segs += adjunct if isinstance(adjunct, list) else [adjunct]
        if r.random() < 0.3:
            segs += [",", r.choice(self.connect), *self.clause()]
        if r.random() < 0.35:
            segs += [",", self.attrib()]
        return segs

    def quote(self) -> list[Seg]:
        r = self.r
        frame = r.choice(self.qframes)
        if frame == 0:
            body: list[Seg] = [
                "we have",
                self.verb(),
                *self.np(),
                "and we will not stop|and we will keep going",
            ]
        elif frame == 1:
            body = [
                "this is a|it is a",
                r.choice(self.adjs),
                "day|moment|test",
                "for",
                r.choice((self.ev.place, self.ev.country)),
            ]
        elif frame == 2:
            body = ["nobody|no one", "expected", *self.np(), "to", self.verb(1), *self.np()]
        elif frame == 3:
            body = ["our", self.noun(), "will", self.verb(1), *self.np(), self.time()]
        elif frame == 4:
            body = ["I|We", "told|warned", *self.np(), "that", *self.np(), "would", self.verb(1), *self.np()]
        elif frame == 5:
            body = ["the people of", self.ev.place, "deserve|need", *self.np()]
        elif frame == 6:
            body = ["we are asking|we call on", *self.np(), "to", self.verb(1), *self.np(), self.time()]
        else:
            body = [
                "what happened",
                *self.where(),
                "is",
                r.choice(self.adjs),
                ", and",
                *self.np(),
                "must",
                self.verb(1),
                *self.np(),
            ]
        return body


_N_FRAMES = 24  # `_Grammar.clause`
_N_QFRAMES = 8  # `_Grammar.quote`


def _render(segs: list[Seg], key: str) -> str:
    """One surface form of a segment list, chosen by `key` (same key, same text)."""
    out: list[str] = []
    h = zlib.crc32(key.encode())
    for k, seg in enumerate(segs):
        if isinstance(seg, str):
            text = seg
            if "|" in text:
                alts = text.split("|")
                text = alts[(h + 7 * k) % len(alts)]
        else:
            text = seg[(h >> (k % 24) ^ k) % len(seg)] if len(seg) > 1 else seg[0]
        if text.startswith(","):
            if out:
                out[-1] = out[-1] + ","
            text = text[1:].strip()
            if not text:
                continue
        out.append(text)
    sentence = " ".join(out).replace(" ,", ",").replace(",,", ",")
    return sentence[:1].upper() + sentence[1:]


def _sentence(segs: list[Seg], key: str) -> str:
    s = _render(segs, key).rstrip(",")
    return s + "."


def _quote_line(ev: _Event, segs: list[Seg], key: str) -> str:
    r = random.Random(key)
    name, role = r.choice(ev.actors)
    speaker = name if r.random() < 0.6 else f"{name}, the {role},"
    body = _render(segs, key)
    cue = r.choice(CUES)
    form = r.random()
    if form < 0.5:
        return f"\u201c{body},\u201d {speaker.rstrip(',')} {cue}."
    if form < 0.7:
        return (
            f"\u201c{body},\u201d {cue.split()[0]} {name}."
            if cue.split()[0] in ("said", "added", "warned")
            else (f"\u201c{body},\u201d {name} {cue}.")
        )
    if form < 0.85:
        verb = cue.split()[0] if cue.split()[0] in ("said", "warned", "added", "insisted") else "said"
        return f"{speaker} {verb} that {body[0].lower()}{body[1:]}."
    return f"{speaker} {cue}: \u201c{body}.\u201d"


def _event(world: _World, story: str, seed: int, published: str | None) -> _Event:
    """The event of gold story `story`; storyline episodes ("E12.0", "E12.1") share names."""
    line = story.split(".")[0]
    base = random.Random(f"line|{seed}|{line}")
    kind = base.choice(sorted(KIND_LEX))
    lex = KIND_LEX[kind]
    country = base.choice(world.countries)
    actors = [(p, base.choice(lex["roles"])) for p in base.sample(country["people"], 3)]
    orgs = base.sample(country["orgs"], 2)
    nouns = base.sample(lex["nouns"], 9)
    verbs = base.sample(lex["verbs"], 5)
    rng = random.Random(f"event|{seed}|{story}")
    place = rng.choice(country["places"]) if rng.random() < 0.6 else base.choice(country["places"])
    day = _WEEKDAYS[date.fromisoformat(published).weekday()] if published else rng.choice(_WEEKDAYS)
    ev = _Event(kind, actors, orgs, place, country["name"], day, nouns, verbs, [], [], [], lex["tags"])
    g = _Grammar(rng, ev)
    ev.facts.extend(g.fact() for _ in range(rng.randint(16, 26)))
    ev.quotes.extend(g.quote() for _ in range(rng.randint(3, 6)))
    name0 = actors[0][0]
    heads = [
        [place, ":", *g.np(), g.verb(), *g.np()],
        [name0, g.verb(), *g.np(), "as", *g.np(), g.verb()],
        [*g.np(), g.verb(), *g.where()],
    ]
    ev.titles.extend(_render(h, f"{story}|t{k}").replace(" :", ":") for k, h in enumerate(heads))
    return ev


def _article_body(ev: _Event, aid: str) -> list[str]:
    """Paragraphs of one outlet's report of the event: its own choice, order and wording."""
    r = random.Random(f"art|{aid}")
    k = r.randint(min(6, len(ev.facts) - 1), min(14, len(ev.facts) - 1))
    rest = sorted(r.sample(range(1, len(ev.facts)), k))
    # mostly the event's order, some local swaps (outlets lead with different angles)
    for _ in range(len(rest) // 3):
        i = r.randrange(len(rest) - 1)
        rest[i], rest[i + 1] = rest[i + 1], rest[i]
    sents = [_sentence(ev.facts[0], f"{aid}|0")] + [_sentence(ev.facts[i], f"{aid}|{i}") for i in rest]
    for q in r.sample(range(len(ev.quotes)), r.randint(1, min(3, len(ev.quotes)))):
        sents.insert(r.randint(1, len(sents)), _quote_line(ev, ev.quotes[q], f"{aid}|q{q}"))
    paras: list[str] = []
    i = 0
    while i < len(sents):
        take = 2 if r.random() < 0.35 else 1
        paras.append(" ".join(sents[i : i + take]))
        i += take
    return paras


def _with_clutter(
    paras: list[str],
    rng: random.Random,
    outlet: str,
    year: str,
    world: _World,
    titles: list[str],
    tags: list[str],
) -> list[str]:
    # the outlet's own chrome (the same few lines on each of its pages), and a line or
    # two that differ per page
    site = random.Random(zlib.crc32(outlet.encode()))
    own = site.sample(CLUTTER, 3)
    inline = [c for c in own if c not in FOOTER_ONLY] or ["Advertisement"]
    out = list(paras)
    for _ in range(rng.randint(1, 3)):
        out.insert(rng.randint(0, len(out)), rng.choice(inline).format(outlet=outlet, year=year))
    for _ in range(rng.randint(0, 2)):
        template = rng.choice(PAGE_CLUTTER)
        tag, tag2 = rng.sample(tags, 2) if len(tags) > 1 else (tags[0], tags[0])
        line = template.format(
            outlet=outlet,
            hh=f"{rng.randint(0, 23):02d}",
            mm=f"{rng.randint(0, 59):02d}",
            person=rng.choice(world.people),
            person2=rng.choice(world.people),
            headline=rng.choice(titles),
            tag=tag,
            tag2=tag2,
            n=rng.randint(0, 400),
            m=rng.randint(2, 9),
        )
        out.insert(len(out) if template in FOOTER_ONLY else rng.randint(0, len(out)), line)
    out.append(rng.choice(own).format(outlet=outlet, year=year))
    return out


def _edit(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(3):
        k = rng.randrange(len(words))
        if words[k].isalpha() and words[k].islower():
            words[k] = rng.choice(("the", "a", "its", "new", "local"))
    paras = " ".join(words).split("\n\n")
    if len(paras) > 3:
        paras = paras[:-1]
    intro = rng.choice(LOCAL_INTROS).format(day=rng.choice(("Monday", "Tuesday", "Friday")))
    return "\n\n".join([intro, *paras])


# the last publication day of a generated corpus of any size (in the past, so the
# cleaner keeps every date; fixed, so a corpus is the same whenever it is generated)
END = date(2026, 6, 30)


def generate_corpus(
    n: int,
    seed: int = 1,
    copy_share: float = 0.08,
    repost_share: float = 0.01,
    start: date | None = None,
) -> list[dict[str, Any]]:
    """`n` records (JSONL keys plus gold labels), deterministic for a seed."""
    rng = random.Random(seed)
    n_edited = int(n * copy_share)
    n_repost = int(n * repost_share)
    # Dates lie in the past: the cleaner refuses publication dates after the machine's
    # clock (a future date is a parsing error in real dumps), and a corpus dated in the
    # future is read as entirely undated, which makes the story clusterer merge
    # same-kind events weeks apart (measured on the first 1k corpus: 46 stories for 228
    # gold events, ARI 0.11). The stream's density is fixed (events a day), so its span
    # grows with `n`: a stream starting on a fixed day ran past the clock at 100k
    # (session 6: 71% of c100k's records were dated after 2026-11-24 and read as
    # undated). Without an explicit `start`, the stream is generated once to learn its
    # span and again ending on or before `END` (same seed, so the same stream shifted in
    # time: its weekday words follow the new dates).
    size = n - n_edited - n_repost
    stream = generate_stream(SyntheticConfig(n_articles=size, seed=seed, start=start or END))
    if start is None:
        overrun = date.fromisoformat(max(a.published for a in stream.articles if a.published)) - END
        stream = generate_stream(SyntheticConfig(n_articles=size, seed=seed, start=END - overrun))
    world = _world(seed)
    # the stream's texts only tell which articles reprint an agency text (and how much
    # of it); the words are written here
    wires: dict[str, list[tuple[list[str], str, str]]] = {}
    for art in stream.articles:
        if str(art.outlet).endswith(" Press"):
            wires.setdefault(stream.story[art.id], []).append(
                (art.text.split("\n\n"), str(art.outlet), art.id)
            )
    events: dict[str, _Event] = {}
    bodies: dict[str, list[str]] = {}
    records: list[dict[str, Any]] = []
    all_titles: list[str] = []
    for art in stream.articles:
        story = stream.story[art.id]
        ev = events.get(story)
        if ev is None:
            ev = events[story] = _event(world, story, seed, art.published)
        own = art.text.split("\n\n")
        source = next(
            (wid for paras, _, wid in wires.get(story, []) if len(own) >= 3 and paras[: len(own)] == own),
            art.id,
        )
        if source not in bodies:
            bodies[source] = _article_body(ev, source)
        body = bodies[source]
        if source != art.id:
            # a reprint: the agency's paragraphs verbatim, trimmed like the stream's
            src_len = next(len(p) for p, _, wid in wires[story] if wid == source)
            body = body[: max(3, len(body) - (src_len - len(own)))]
        title = ev.titles[zlib.crc32(art.id.encode()) % len(ev.titles)]
        all_titles.append(title)
        records.append(
            {
                "id": art.id,
                "url": f"https://{zlib.crc32(str(art.outlet).encode()) % 10_000}.news.example/{art.id}",
                "title": title,
                "published": art.published,
                "outlet": art.outlet,
                "body": "\n\n".join(body),
                "gold_story": story,
                "gold_copy_of": None,
            }
        )
    originals = [r for r in records if len(r["body"].split()) >= 80]
    for k in range(n_edited):
        src = rng.choice(originals)
        records.append(
            {
                **src,
                "id": f"{src['id']}-c{k}",
                "url": f"https://reprint{k % 97}.news.example/{src['id']}-{k}",
                "outlet": f"Reprint Daily {k % 97}",
                "body": _edit(src["body"], rng),
                "gold_copy_of": src["id"],
            }
        )
    for _ in range(n_repost):
        records.append(dict(rng.choice(records)))
    rng.shuffle(records)
    for rec in records:
        year = (rec["published"] or "2025")[:4]
        ev = events[rec["gold_story"]]
        paras = _with_clutter(
            rec.pop("body").split("\n\n"), rng, rec["outlet"], year, world, all_titles, ev.tags
        )
        rec["text"] = "\n\n".join(paras)
    return records


def write_corpus(records: list[dict[str, Any]], folder: Path, per_file: int = 1000) -> list[Path]:
    """Write records as JSONL files of `per_file` records; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(0, len(records), per_file):
        path = folder / f"part-{k // per_file:05d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for rec in records[k : k + per_file]:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-file", type=int, default=1000)
    ap.add_argument("--stats", action="store_true", help="print corpus_stats.py's figures afterwards")
    args = ap.parse_args(argv)
    w0, c0 = time.perf_counter(), time.process_time()
    paths = write_corpus(generate_corpus(args.n, args.seed), args.out, args.per_file)
    print(
        f"wrote {args.n} records in {len(paths)} file(s) to {args.out} "
        f"({time.perf_counter() - w0:.1f}s wall, {time.process_time() - c0:.1f}s CPU)"
    )
    if args.stats:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from corpus_stats import corpus_stats

        for key, value in corpus_stats(args.out).items():
            print(f"{key:>20}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
