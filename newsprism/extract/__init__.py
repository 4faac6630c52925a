"""The extract stage: quotes with speakers, claims with asserters, speakers across outlets.

Public API::

    QuoteExtractor(QuoteConfig()).extract(article) -> list[Quote]
    ClaimExtractor(ClaimConfig()).extract(article, quotes) -> list[Claim]
    SpeakerNormalizer().normalize(quotes_by_article, clusters) -> {(article id, speaker): canonical}
    match_quotes(quotes_by_article, outlets, dates) -> list[QuoteCluster]
    cluster_claims(claims_by_article, texts) -> list[ClaimCluster]
    outlet_stance(cluster, articles) -> {outlet: stance}

Evaluation against gold attribution spans (PolNeAR, our own fixtures):
`newsprism.extract.evaluate` and `scripts/eval_quotes.py`.
"""

from newsprism.extract.claims import ClaimCluster, ClaimConfig, ClaimExtractor, cluster_claims, outlet_stance
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
    "QuoteCluster",
    "QuoteConfig",
    "QuoteExtractor",
    "RuleSpeakerResolver",
    "SpeakerConfig",
    "SpeakerNormalizer",
    "SpeakerResolver",
    "cluster_claims",
    "match_quotes",
    "outlet_stance",
]
