"""Word lists used by the extract stage, kept as data so they can be extended without
touching the logic: speech verbs, claim verbs, speaker role nouns, titles, and the
country metonyms used to normalise speakers across outlets.

Verbs are listed per lemma with their inflected forms; `VERB_LEMMA` maps every form
back to its lemma (the extractor stores the form as written in `Quote.cue`).
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
        quip joke boast lament affirm assure inform remind demand describe label brand dub term
        call"""
    ),
    **_forms(
        """say:say,says,said,saying; tell:tell,tells,told,telling; write:write,writes,wrote,written,writing;
        admit:admit,admits,admitted,admitting; add:add,adds,added,adding;
        cry:cry,cries,cried,crying; reply:reply,replies,replied,replying;
        deny:deny,denies,denied,denying; testify:testify,testifies,testified,testifying;
        clarify:clarify,clarifies,clarified,clarifying; rebut:rebut,rebuts,rebutted,rebutting;
        dismiss:dismissed,dismissing; tweet:tweet,tweets,tweeted,tweeting;
        speak:speak,speaks,spoke,spoken,speaking"""
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
