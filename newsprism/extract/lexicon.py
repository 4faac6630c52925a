"""Word lists used by the extract stage, kept as data so they can be extended without
touching the logic: speech verbs, claim verbs, speaker role nouns, titles, and the
country metonyms used to normalise speakers across outlets.

Verbs are listed per lemma with their inflected forms; `VERB_LEMMA` maps every form
back to its lemma (the extractor stores the form as written in `Quote.cue`).

Public tables for other stages: `SPEECH_VERBS` (lemma -> forms), `SPEECH_VERB_FORMS`
(form -> lemma), `VERB_FRAMING` (lemma -> framing class, see `FRAMING_CLASSES`) and
`framing_of(verb as written)`.
"""

from __future__ import annotations


def _forms(spec: str) -> dict[str, tuple[str, ...]]:
    """Parse "lemma:form,form; lemma:form" into a dict (irregular forms spelled out)."""
    out: dict[str, tuple[str, ...]] = {}
    for item in spec.split(";"):
        item = item.strip()
        if not item:
            continue
        lemma, _, forms = item.partition(":")
        out[lemma.strip()] = tuple(f.strip() for f in forms.split(",") if f.strip())
    return out


def _regular(lemmas: str) -> dict[str, tuple[str, ...]]:
    """Regular verbs: lemma, -s, -ed, -ing (with the usual e/y spelling rules)."""
    out: dict[str, tuple[str, ...]] = {}
    for lemma in lemmas.split():
        if lemma.endswith("ee"):
            forms = (lemma, lemma + "s", lemma + "d", lemma + "ing")
        elif lemma.endswith("e"):
            forms = (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
        elif lemma.endswith(("s", "sh", "ch", "x")):
            forms = (lemma, lemma + "es", lemma + "ed", lemma + "ing")
        elif lemma.endswith("y") and lemma[-2] not in "aeiou":
            forms = (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
        else:
            forms = (lemma, lemma + "s", lemma + "ed", lemma + "ing")
        out[lemma] = forms
    return out


# Verbs that introduce quotes or reported speech. The regular ones are generated;
# irregular or consonant-doubling ones are spelled out.
SPEECH_VERBS: dict[str, tuple[str, ...]] = {
    **_regular(
        """add stress note claim allege insist deny warn argue reiterate continue explain acknowledge
        assert declare announce suggest urge state confirm comment remark reply respond answer ask
        recall concede contend maintain observe emphasise emphasize underline underscore predict
        promise vow pledge threaten complain accuse report reveal disclose mention indicate
        signal hint caution shout conclude agree counter retort clarify tweet post
        joke boast lament affirm assure inform remind demand describe label brand dub term
        call elaborate surmise demur muse scoff exclaim gush laugh sigh recount reason wonder marvel
        interject concur object protest plead inquire opine proclaim chime fume gripe grumble mutter
        whisper yell scream chant"""
    ),
    **_forms(
        """say:say,says,said,saying; tell:tell,tells,told,telling; write:write,writes,wrote,written,writing;
        admit:admit,admits,admitted,admitting; add:add,adds,added,adding;
        cry:cry,cries,cried,crying; reply:reply,replies,replied,replying;
        deny:deny,denies,denied,denying; testify:testify,testifies,testified,testifying;
        clarify:clarify,clarifies,clarified,clarifying; rebut:rebut,rebuts,rebutted,rebutting;
        dismiss:dismissed,dismissing; tweet:tweet,tweets,tweeted,tweeting;
        speak:speak,speaks,spoke,spoken,speaking; quip:quip,quips,quipped,quipping;
        snap:snap,snaps,snapped,snapping; dub:dub,dubs,dubbed,dubbing;
        label:label,labels,labeled,labelled,labeling,labelling"""
    ),
}

# Verbs that may only attribute a short fragment ("called it a “potential purchase”"),
# never a full reported clause.
PARTIAL_ONLY_LEMMAS: frozenset[str] = frozenset(
    {"describe", "label", "brand", "dub", "term", "call", "dismiss"}
)

# Verbs that take a reported clause ("X said (that) ..."), used for indirect speech.
# "continue", "add", "ask", "reply" only attribute quotes: "Russia continued to ..." is no speech.
CLAUSE_LEMMAS: frozenset[str] = frozenset(
    [
        "say",
        "tell",
        "claim",
        "allege",
        "insist",
        "deny",
        "warn",
        "argue",
        "assert",
        "declare",
        "announce",
        "suggest",
        "state",
        "confirm",
        "acknowledge",
        "admit",
        "explain",
        "stress",
        "note",
        "reiterate",
        "maintain",
        "contend",
        "report",
        "reveal",
        "write",
        "tweet",
        "emphasise",
        "emphasize",
        "underline",
        "underscore",
        "predict",
        "concede",
        "conclude",
        "clarify",
        "affirm",
        "assure",
        "inform",
        "remind",
        "indicate",
        "signal",
        "hint",
        "caution",
        "testify",
    ]
)

# Clause verbs that also take a plain noun object ("confirmed a report", "denied the
# allegations"): reported speech only with "that" or a pronoun subject after them.
NP_OBJECT_LEMMAS: frozenset[str] = frozenset(
    [
        "deny",
        "confirm",
        "announce",
        "reveal",
        "acknowledge",
        "admit",
        "report",
        "disclose",
        "indicate",
        "signal",
        "hint",
        "predict",
        "write",
        "tweet",
        "clarify",
        "state",
        "stress",
        "note",
        "reiterate",
        "underline",
        "underscore",
        "emphasise",
        "emphasize",
    ]
)

# Verbs whose object is the listener: "X told reporters that ..." (never "..., told X").
LISTENER_LEMMAS: frozenset[str] = frozenset({"tell", "warn", "urge", "assure", "inform", "remind", "ask"})

# Lemmas that are also common nouns ("US claims of arms transfers", "reckless remarks"):
# only their past and -ing forms count as verbs, so narration is not read as speech.
NOUNISH_LEMMAS: frozenset[str] = frozenset(
    [
        "claim",
        "report",
        "state",
        "post",
        "comment",
        "remark",
        "answer",
        "signal",
        "hint",
        "demand",
        "promise",
        "call",
        "counter",
        "question",
        "doubt",
        "challenge",
        "contest",
        "dispute",
        "note",
        "label",
        "brand",
        "term",
        "dub",
        "joke",
        "quip",
        "boast",
        "lament",
        "pledge",
        "vow",
        "tweet",
        "caution",
        "stress",
        "reply",
        "charge",
        "mention",
    ]
)


def _verb_index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for lemma, forms in table.items():
        for form in forms:
            if lemma in NOUNISH_LEMMAS and not form.endswith(("ed", "ing")) and form not in ("said", "told"):
                continue
            index[form] = lemma
    return index


VERB_LEMMA: dict[str, str] = _verb_index(SPEECH_VERBS)
# Every form, also the noun-like ones ("notes", "claims", "jokes"): used only where the
# position already says "speech verb" (`“…,” Viguerie notes.` / `He jokes, “…”`).
ANY_VERB_LEMMA: dict[str, str] = {form: lemma for lemma, forms in SPEECH_VERBS.items() for form in forms}

# --------------------------------------------------------------------------- framing
#
# What the choice of attribution verb says beyond "X spoke" (journalism style guides
# recommend "said" because every other verb frames the speaker or the statement):
#
# - "neutral":     reports speech and nothing else (said, told, added, stated, wrote)
# - "assertive":   the speaker presses the point (insisted, stressed, declared, vowed)
# - "concessive":  the speaker gives ground (admitted, acknowledged, conceded)
# - "contested":   the reporter keeps distance from the content (claimed, alleged)
# - "denial":      the speaker rejects something (denied, dismissed, rebutted, countered)
# - "accusatory":  the speaker blames or threatens (accused, complained, warned)
# - "emotive":     manner of delivery colours it (joked, shouted, boasted, lamented)
# - "question":    the speaker asks (asked, wondered)
# - "directive":   the speaker calls on someone (urged, demanded, pleaded)
# - "labelling":   the speaker names something (called it, described, dubbed)
#
# Other stages (compare/) count these classes per outlet; keep this the one table.
FRAMING_CLASSES: tuple[str, ...] = (
    "neutral",
    "assertive",
    "concessive",
    "contested",
    "denial",
    "accusatory",
    "emotive",
    "question",
    "directive",
    "labelling",
)
_FRAMING_SPEC = {
    "neutral": """say tell add state note report write explain comment remark reply respond answer
        continue mention tweet post speak testify announce inform recall recount elaborate
        reiterate chime interject observe clarify indicate signal predict conclude reason opine
        agree concur""",
    "assertive": """insist stress emphasise emphasize underline underscore assert declare affirm
        maintain contend argue vow pledge promise assure proclaim confirm reveal disclose""",
    "concessive": "admit acknowledge concede",
    "contested": "claim allege suggest hint surmise muse",
    "denial": "deny rebut dismiss counter retort object protest demur scoff",
    "accusatory": "accuse complain warn threaten caution",
    "emotive": """joke quip boast gush lament laugh sigh cry shout yell scream whisper mutter
        grumble gripe fume snap exclaim marvel chant""",
    "question": "ask inquire wonder",
    "directive": "urge demand plead remind",
    "labelling": "call describe label brand dub term",
}
# speech-verb lemma -> framing class (every lemma of SPEECH_VERBS has one)
VERB_FRAMING: dict[str, str] = {
    lemma: cls for cls, lemmas in _FRAMING_SPEC.items() for lemma in lemmas.split()
}
# every inflected form -> its lemma ("insisted" -> "insist"), also the noun-like forms
SPEECH_VERB_FORMS: dict[str, str] = dict(ANY_VERB_LEMMA)


def framing_of(verb: str) -> str | None:
    """The framing class of a speech verb as written ("insisted" -> "assertive"), or None.

    >>> framing_of("said"), framing_of("Claimed"), framing_of("admits"), framing_of("ate")
    ('neutral', 'contested', 'concessive', None)
    >>> framing_of("according to")
    'neutral'
    """
    low = verb.strip().lower().replace("’", "'")
    if low == "according to":
        return "neutral"
    lemma = SPEECH_VERB_FORMS.get(low)
    return VERB_FRAMING.get(lemma) if lemma else None


# Claim verbs beyond plain speech, with the polarity they give the reported proposition.
CLAIM_VERB_POLARITY: dict[str, str] = {
    "accuse": "asserts",
    "allege": "asserts",
    "claim": "asserts",
    "confirm": "asserts",
    "say": "asserts",
    "insist": "asserts",
    "deny": "denies",
    "reject": "denies",
    "dismiss": "denies",
    "refute": "denies",
    "rebut": "denies",
    "rebuff": "denies",
    "dispute": "disputes",
    "question": "disputes",
    "challenge": "disputes",
    "doubt": "disputes",
    "contest": "disputes",
}
CLAIM_VERBS: dict[str, tuple[str, ...]] = {
    **{k: v for k, v in SPEECH_VERBS.items() if k in CLAIM_VERB_POLARITY},
    **_regular("reject dismiss refute rebuff dispute question challenge doubt contest"),
}
CLAIM_VERB_LEMMA: dict[str, str] = _verb_index(CLAIM_VERBS)

# Words marking a proposition as disputed in the asserter's own words.
DISPUTE_WORDS: frozenset[str] = frozenset(
    [
        "groundless",
        "baseless",
        "fabricated",
        "fabrication",
        "fabrications",
        "fake",
        "false",
        "falsehood",
        "lie",
        "lies",
        "lying",
        "rumour",
        "rumours",
        "rumor",
        "rumors",
        "unfounded",
        "smear",
        "slander",
        "nonsense",
        "absurd",
        "hoax",
        "propaganda",
        "disinformation",
        "misinformation",
        "unsubstantiated",
        "unverified",
        "unproven",
        "slanderous",
    ]
)

# Lower-case heads of descriptive speakers ("the official", "a senior diplomat").
PERSON_ROLES: frozenset[str] = frozenset(
    [
        "official",
        "officials",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "spokespeople",
        "spokespersons",
        "minister",
        "ministers",
        "diplomat",
        "diplomats",
        "source",
        "sources",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "president",
        "leader",
        "leaders",
        "lawyer",
        "lawyers",
        "attorney",
        "prosecutor",
        "prosecutors",
        "director",
        "adviser",
        "advisor",
        "aide",
        "aides",
        "representative",
        "representatives",
        "envoy",
        "ambassador",
        "secretary",
        "chief",
        "commander",
        "general",
        "researcher",
        "researchers",
        "scientist",
        "scientists",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "man",
        "woman",
        "men",
        "women",
        "member",
        "members",
        "lawmaker",
        "lawmakers",
        "senator",
        "mayor",
        "governor",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "executive",
        "executives",
        "officer",
        "officers",
        "soldier",
        "soldiers",
        "negotiator",
        "negotiators",
        "mediator",
        "activist",
        "activists",
        "campaigner",
        "campaigners",
        "legislator",
        "legislators",
        "doctor",
        "doctors",
        "judge",
        "investigator",
        "investigators",
        "economist",
        "economists",
        "person",
        "people",
        "insider",
        "insiders",
        "director-general",
        "vice-director",
        "deputy",
        "premier",
        "candidate",
        "candidates",
        "voter",
        "voters",
        # more people who speak in news (added from PolNeAR train error analysis)
        "moderator",
        "narrator",
        "host",
        "anchor",
        "reporter",
        "reporters",
        "author",
        "writer",
        "columnist",
        "editor",
        "strategist",
        "strategists",
        "pollster",
        "pollsters",
        "consultant",
        "operative",
        "operatives",
        "supporter",
        "supporters",
        "donor",
        "donors",
        "nominee",
        "manager",
        "student",
        "students",
        "teacher",
        "teachers",
        "father",
        "mother",
        "son",
        "daughter",
        "wife",
        "husband",
        "friend",
        "friends",
        "owner",
        "worker",
        "workers",
        "professor",
        "historian",
        "critic",
        "critics",
        "fan",
        "fans",
        "attendee",
        "attendees",
        "protester",
        "protesters",
        "delegate",
        "delegates",
        "organizer",
        "organizers",
        "organiser",
        "organisers",
        "caller",
        "volunteer",
        "volunteers",
        "actor",
        "actress",
        "founder",
        "counsel",
        "veteran",
        "veterans",
        "citizen",
        "citizens",
        "lobbyist",
        "lobbyists",
        "staffer",
        "staffers",
        "confidant",
        "confidants",
        "driver",
        "drivers",
        "passenger",
        "passengers",
        "commuter",
        "commuters",
        "farmer",
        "farmers",
        "nurse",
        "nurses",
        "parent",
        "parents",
        "neighbour",
        "neighbours",
        "neighbor",
        "neighbors",
        "survivor",
        "survivors",
        "victim",
        "victims",
        "customer",
        "customers",
        "employee",
        "employees",
        "pilot",
        "pilots",
        "firefighter",
        "firefighters",
        "coach",
        "player",
        "players",
        "shopkeeper",
        "shopkeepers",
        "councillor",
        "councilor",
        "ally",
        "allies",
        "associate",
        "associates",
        "colleague",
        "colleagues",
        "observer",
        "observers",
    ]
)
ORG_ROLES: frozenset[str] = frozenset(
    [
        "ministry",
        "agency",
        "government",
        "administration",
        "department",
        "office",
        "embassy",
        "military",
        "army",
        "police",
        "company",
        "firm",
        "group",
        "party",
        "union",
        "council",
        "committee",
        "court",
        "authorities",
        "organisation",
        "organization",
        "bureau",
        "commission",
        "parliament",
        "newspaper",
        "media",
        "statement",
        "report",
        "reports",
        "document",
        "letter",
        "country",
        "nation",
        "regime",
        "state",
        "kremlin",
        "navy",
        "force",
        "forces",
        "command",
        "institute",
        "university",
        "bank",
        "spokesperson's",
        "broadcaster",
        "outlet",
        "network",
        "coalition",
        "alliance",
        "cabinet",
        "presidency",
        "service",
        "authority",
        "watchdog",
        "regulator",
        "operator",
        "airline",
        "airport",
        "hospital",
        "board",
        "tribunal",
        "study",
        "survey",
        "foundation",
        "charity",
        "club",
        "team",
        "centre",
        "center",
        "manufacturer",
        "council",
        "campaign",
        "coastguard",
        "magazine",
        "paper",
        "website",
        "blog",
        "column",
        "editorial",
        "ad",
        "advertisement",
        "email",
        "memo",
        "release",
        "poll",
        "filing",
        "complaint",
        "lawsuit",
        "video",
        "book",
    ]
)
SPEAKER_ROLES: frozenset[str] = PERSON_ROLES | ORG_ROLES
PLURAL_ROLES: frozenset[str] = frozenset(
    w for w in SPEAKER_ROLES if w.endswith("s") and not w.endswith("ss") and w not in {"news", "analysis"}
) | {"people", "men", "women", "authorities", "media", "police"}

# Capitalised heads that make a name an organisation, not a person.
ORG_HEADS: frozenset[str] = frozenset(
    [
        "Ministry",
        "Agency",
        "Department",
        "Office",
        "Council",
        "House",
        "Committee",
        "Commission",
        "Court",
        "Party",
        "Army",
        "Navy",
        "Force",
        "Forces",
        "Government",
        "Administration",
        "Bank",
        "Fund",
        "Union",
        "Organisation",
        "Organization",
        "News",
        "Times",
        "Post",
        "Press",
        "Service",
        "Services",
        "Institute",
        "University",
        "Embassy",
        "Command",
        "Bureau",
        "Parliament",
        "Assembly",
        "Congress",
        "Senate",
        "Kremlin",
        "Pentagon",
        "Reuters",
        "AP",
        "AFP",
        "KCNA",
        "Xinhua",
        "TASS",
        "Corporation",
        "Corp",
        "Inc",
        "Ltd",
        "Group",
        "Association",
        "Federation",
        "Alliance",
        "Coalition",
        "Cabinet",
        "Secretariat",
        "Authority",
        "Police",
        "Network",
        "Television",
        "Radio",
        "Times",
        "Journal",
        "Herald",
        "Tribune",
        "Guardian",
        "Telegraph",
        "Agency",
        "Network",
        "Media",
    ]
)

# Capitalised words that are titles, stripped from a person's canonical name
# ("Foreign Minister Ilsa Marrow" -> "Ilsa Marrow").
TITLE_WORDS: frozenset[str] = frozenset(
    [
        "President",
        "Vice",
        "Prime",
        "Minister",
        "Foreign",
        "Defence",
        "Defense",
        "Interior",
        "Finance",
        "Secretary",
        "State",
        "General",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Ambassador",
        "Senator",
        "Sen",
        "Sen.",
        "Rep",
        "Rep.",
        "Representative",
        "Governor",
        "Gov",
        "Gov.",
        "Mayor",
        "Chancellor",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Pope",
        "Sheikh",
        "Director",
        "Director-General",
        "Chief",
        "Deputy",
        "Chairman",
        "Chairwoman",
        "Chair",
        "Commander",
        "Gen",
        "Gen.",
        "Col",
        "Col.",
        "Lt",
        "Lt.",
        "Colonel",
        "Lieutenant",
        "Admiral",
        "Adm",
        "Adm.",
        "Captain",
        "Capt",
        "Capt.",
        "Sergeant",
        "Sgt",
        "Sgt.",
        "Major",
        "Maj",
        "Maj.",
        "Judge",
        "Justice",
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Dr",
        "Dr.",
        "Prof",
        "Prof.",
        "Professor",
        "Leader",
        "Supreme",
        "Premier",
        "Speaker",
        "Minority",
        "Majority",
        "Attorney",
        "CEO",
        "Executive",
        "Founder",
        "Envoy",
        "Special",
        "National",
        "Security",
        "Council",
        "Adviser",
        "Advisor",
        "Press",
        "Senior",
        "Former",
        "Acting",
        "Interim",
        "Lord",
        "Lady",
        "Sir",
        "Dame",
        "Rev",
        "Rev.",
        "Reverend",
        "Bishop",
        "Archbishop",
        "Cardinal",
        "Emir",
        "Crown",
        "Sultan",
        "President-elect",
        "Officer",
        "Inspector",
        "Detective",
        "Superintendent",
        "Marshal",
        "Field",
        "Air",
        "Vice-President",
        "Health",
        "Trade",
        "Economy",
        "Economic",
        "Justice",
        "Home",
        "Education",
        "Environment",
        "Transport",
        "Energy",
        "Agriculture",
        "Labour",
        "Labor",
        "Culture",
        "Opposition",
        "Party",
        "White",
        "House",
        "US",
        "U.S.",
        "UN",
    ]
)

DETERMINERS: frozenset[str] = frozenset(
    {"the", "a", "an", "this", "that", "its", "his", "her", "their", "our"}
)
PRONOUNS: dict[str, str] = {
    "he": "person",
    "she": "person",
    "they": "plural",
    "it": "org",
    "we": "plural",
    "i": "person",
}

# Words that make a description anonymous; they do not distinguish speakers.
ANONYMITY_WORDS: frozenset[str] = frozenset(
    {"unnamed", "unidentified", "anonymous", "senior", "top", "high-ranking", "a", "an", "the", "another"}
)

# Place metonyms and country names -> canonical country (small on purpose: a data table
# to extend, not a gazetteer).
METONYMS: dict[str, str] = {
    "pyongyang": "North Korea",
    "dprk": "North Korea",
    "north korea": "North Korea",
    "the north": "North Korea",
    "seoul": "South Korea",
    "south korea": "South Korea",
    "washington": "United States",
    "us": "United States",
    "u.s.": "United States",
    "usa": "United States",
    "america": "United States",
    "united states": "United States",
    "the united states": "United States",
    "the us": "United States",
    "moscow": "Russia",
    "kremlin": "Russia",
    "the kremlin": "Russia",
    "russia": "Russia",
    "beijing": "China",
    "china": "China",
    "kyiv": "Ukraine",
    "kiev": "Ukraine",
    "ukraine": "Ukraine",
    "tokyo": "Japan",
    "japan": "Japan",
    "london": "United Kingdom",
    "downing street": "United Kingdom",
    "britain": "United Kingdom",
    "uk": "United Kingdom",
    "tehran": "Iran",
    "iran": "Iran",
    "paris": "France",
    "elysee": "France",
    "berlin": "Germany",
    "jerusalem": "Israel",
    "israel": "Israel",
    "ankara": "Turkey",
    "new delhi": "India",
    "delhi": "India",
    "islamabad": "Pakistan",
    "taipei": "Taiwan",
}
DEMONYMS: dict[str, str] = {
    "north korean": "North Korea",
    "south korean": "South Korea",
    "american": "United States",
    "us": "United States",
    "u.s.": "United States",
    "russian": "Russia",
    "chinese": "China",
    "ukrainian": "Ukraine",
    "japanese": "Japan",
    "british": "United Kingdom",
    "iranian": "Iran",
    "french": "France",
    "german": "Germany",
    "israeli": "Israel",
    "palestinian": "Palestine",
    "turkish": "Turkey",
    "indian": "India",
    "pakistani": "Pakistan",
    "taiwanese": "Taiwan",
}

# British/American spelling pairs folded when comparing quotes and descriptions.
SPELLING: dict[str, str] = {
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "rumour": "rumor",
    "rumours": "rumors",
    "honour": "honor",
    "labour": "labor",
    "centre": "center",
    "programme": "program",
    "favour": "favor",
    "behaviour": "behavior",
    "neighbour": "neighbor",
    "neighbours": "neighbors",
    "colour": "color",
}
