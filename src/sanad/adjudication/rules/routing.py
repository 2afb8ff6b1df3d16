"""Routing: what goes to the administrative check or the medical review, and the file's status."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from sanad.adjudication.codes import FileStatus, Reason, Routing
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.inputs import ClaimSnapshot
from sanad.adjudication.reference import ProfileRules

RULE = "medical_review"
_blake2b = hashlib.blake2b
_SALTED: dict[bytes, hashlib.blake2b] = {}  # BLAKE2b state after each salt seen (one per fund profile)
# Enum members bound once: attribute access on an enum class is slow on Python 3.11.
_FILE_ACCEPTED, _FILE_REDUCED = FileStatus.ACCEPTED, FileStatus.REDUCED
_FILE_REJECTED, _FILE_TO_REVIEW = FileStatus.REJECTED, FileStatus.TO_REVIEW
_AUTO_APPROVE, _REJECT = Routing.AUTO_APPROVE, Routing.REJECT
_ADMINISTRATIVE_CHECK, _MEDICAL_REVIEW = Routing.ADMINISTRATIVE_CHECK, Routing.MEDICAL_REVIEW


def check_review_limit(total: Decimal, limit: Decimal | None, currency: str) -> Finding | None:
    """A file billing more than the profile's medical-review limit goes to the medical adviser.

    Source: 000_* ("Contrôle de l'effectivité et de la qualité des soins"); limit from the profile.
    """
    if limit is None or total <= limit:
        return None
    return finding(Reason.AMOUNT_OVER_REVIEW_LIMIT, RULE, total=total, limit=limit, currency=currency)


def sample_draw(claim_id: str, salt: bytes) -> bytes:
    """A stable 8-byte draw for a claim: BLAKE2b of the seed's salt and the claim id.

    Compared as bytes with the threshold (big-endian), so no integer conversion is needed. The hash state
    after the salt is kept per salt and copied, which is cheaper than hashing the salt again.
    """
    salted = _SALTED.get(salt)
    if salted is None:
        salted = _SALTED[salt] = _blake2b(salt)
    h = salted.copy()
    h.update(claim_id.encode())
    return h.digest()[:8]


def check_sample(claim_id: str, salt: bytes, threshold: bytes | None, rate: Decimal) -> Finding | None:
    """A seeded random sample of files, at the profile's rate, goes to the medical review; the draw is a
    hash of the seed and the claim id, so a rerun selects the same files.

    Source: 000_* (medical control of effectiveness and quality); rate and seed from the profile.
    ``threshold`` (from the profile) None means no sample.
    """
    if threshold is None or sample_draw(claim_id, salt) >= threshold:
        return None
    return finding(Reason.RANDOM_REVIEW_SAMPLE, RULE, rate=rate)


def check_protocol(code: str, diagnosis: str | None, expected: frozenset[str] | None) -> Finding | None:
    """A line whose code is not among those the treatment protocol of the file's diagnosis expects goes to
    the medical review.

    Source: 000_* ("conformément aux protocoles thérapeutiques"), 002_* (oncology protocol, dialysis).
    """
    if expected is None or code in expected:
        return None
    return finding(Reason.PROTOCOL_MISMATCH, RULE, code=code, diagnosis=diagnosis or "")


def check_overbilling(
    code: str, billed: Decimal, tariff: Decimal, factor: Decimal | None, currency: str
) -> Finding | None:
    """A line billed above the profile's factor times its tariff is an anomaly for the medical review.

    Source: profile (anomaly threshold), as real funds flag abnormal billing.
    """
    if factor is None or billed <= tariff * factor:
        return None
    return finding(
        Reason.OVERBILLING_ANOMALY,
        RULE,
        code=code,
        billed=billed,
        tariff=tariff,
        factor=factor,
        currency=currency,
    )


def check_anomaly_flags(flags: tuple[str, ...]) -> Finding | None:
    """A file carrying anomaly flags raised upstream (fraud scoring, inconsistent care sheet…) goes to the
    medical review.

    Source: 000_* (control of the effectiveness of care).
    """
    if not flags:
        return None
    return finding(Reason.ANOMALY_FLAGGED, RULE, flags=", ".join(sorted(flags)))


def file_review_flags(snapshot: ClaimSnapshot, profile: ProfileRules, total: Decimal) -> tuple[Finding, ...]:
    """The file-level reasons to send a file that is not rejected to the medical review: amount over the
    limit, anomaly flags, random sample (each rule above)."""
    flags: tuple[Finding, ...] = ()
    limit = profile.medical_review_limit
    if limit is not None and total > limit:
        note = check_review_limit(total, limit, profile.currency)
        if note is not None:
            flags = (note,)
    if snapshot.anomaly_flags:
        note = check_anomaly_flags(snapshot.anomaly_flags)
        if note is not None:
            flags = (*flags, note)
    threshold = profile.sample_threshold
    if threshold is not None and sample_draw(snapshot.claim_id, profile.sample_salt) < threshold:
        note = check_sample(snapshot.claim_id, profile.sample_salt, threshold, profile.review_sample_rate)
        if note is not None:
            flags = (*flags, note)
    return flags


def file_status(lines: int, rejected: int, to_review: bool, reduced: bool) -> FileStatus:
    """A file is rejected when every line is (or it has none), to review when a line is, reduced when a
    line is reduced or rejected, else accepted.

    Source: 000_* (validation and settlement of the invoice after the checks).
    """
    if rejected >= lines:
        return _FILE_REJECTED
    if to_review:
        return _FILE_TO_REVIEW
    if reduced or rejected:
        return _FILE_REDUCED
    return _FILE_ACCEPTED


def route(status: FileStatus, *, administrative: bool, medical: bool) -> Routing:
    """A fully rejected file is rejected; else missing papers go to the administrative check first, then
    medical flags to the medical review; everything else is approved automatically.

    Source: 000_* (administrative check, then medical review, then validation and settlement).
    """
    if status is _FILE_REJECTED:
        return _REJECT
    if administrative:
        return _ADMINISTRATIVE_CHECK
    if medical:
        return _MEDICAL_REVIEW
    return _AUTO_APPROVE
