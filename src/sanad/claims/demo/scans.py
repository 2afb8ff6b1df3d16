"""Specimen scans of the supporting documents for the demo: one small PDF per kind of document, stored once
and shared by every demo document of that kind, so that loading the demo again adds no file to storage."""

from __future__ import annotations

from sanad.claims.statuses import DocumentKind
from sanad.common.demo.specimens import specimen_stored

FOLDER = "claims/demo"


def specimen_scan(kind: str) -> str:
    """The storage name of the specimen scan of `kind`, written on first use."""
    label = kind.replace("_", " ").capitalize()
    return specimen_stored(FOLDER, kind, f"Sanad demo - {label} (specimen)")


def specimen_scans() -> dict[str, str]:
    """The specimen scan of every kind of document, by kind."""
    return {kind: specimen_scan(kind) for kind in DocumentKind.values}
