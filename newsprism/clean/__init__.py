"""The clean stage: raw pages to clean articles with metadata, or rejections.

Plain-text pages go through the hand-written clutter remover (`clutter`); HTML
through trafilatura and the same rules as a tail filter (`html`); metadata and
dates come from `metadata` and `dates`.
"""

from newsprism.clean.cleaner import ArticleCleaner, CleanConfig, clean_one
from newsprism.clean.clutter import (
    ClutterResult,
    LineVerdict,
    classify_lines,
    news_tail_filter,
    remove_clutter,
)
from newsprism.clean.dates import find_date_mentions, find_date_stamp, parse_date
from newsprism.clean.html import HtmlPage, extract_html
from newsprism.clean.metadata import (
    AGENCIES,
    Dateline,
    detect_language,
    domain_in_lines,
    domain_of,
    find_byline,
    find_dateline,
    find_name_byline,
    find_outlet,
    find_title,
    find_wire_agency,
    masthead_outlet,
    normalize_agency,
    outlet_from_credit,
    url_date,
)
from newsprism.clean.normalize import normalize_text

__all__ = [
    "AGENCIES",
    "ArticleCleaner",
    "CleanConfig",
    "ClutterResult",
    "Dateline",
    "HtmlPage",
    "LineVerdict",
    "classify_lines",
    "clean_one",
    "detect_language",
    "domain_in_lines",
    "domain_of",
    "extract_html",
    "find_byline",
    "find_date_mentions",
    "find_date_stamp",
    "find_dateline",
    "find_outlet",
    "find_title",
    "find_name_byline",
    "masthead_outlet",
    "find_wire_agency",
    "news_tail_filter",
    "normalize_agency",
    "normalize_text",
    "outlet_from_credit",
    "parse_date",
    "remove_clutter",
    "url_date",
]
