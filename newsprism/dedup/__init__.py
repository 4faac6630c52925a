"""Copy detection (the ``dedup`` stage): which articles carry the same wire copy.

Fingerprints (`fingerprint`, MinHash over word 2-grams) feed a banded `LSHIndex` for
candidates; each candidate pair is verified by sentence alignment (`align`), which
tells exactly which passages were copied and what each outlet added, cut or
reworded (`word_diff`); `CopyDetector` turns verified pairs into `CopyLink` records
and `build_copy_groups` joins same-copy links into `CopyGroup` records.
"""

from newsprism.dedup.align import Alignment, align, word_diff
from newsprism.dedup.detector import CopyDetector, CopyVerdict, classify
from newsprism.dedup.groups import build_copy_groups, independent_origins
from newsprism.dedup.index import CopyIndex, Features
from newsprism.dedup.minhash import (
    CopyConfig,
    LSHIndex,
    SignatureMismatch,
    estimate_jaccard,
    fingerprint,
    fingerprint_many,
    signature_from_bytes,
    signature_to_bytes,
)

__all__ = [
    "Alignment",
    "CopyConfig",
    "CopyDetector",
    "CopyIndex",
    "CopyVerdict",
    "Features",
    "LSHIndex",
    "SignatureMismatch",
    "align",
    "build_copy_groups",
    "classify",
    "estimate_jaccard",
    "fingerprint",
    "fingerprint_many",
    "independent_origins",
    "signature_from_bytes",
    "signature_to_bytes",
    "word_diff",
]
