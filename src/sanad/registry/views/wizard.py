"""The enrollment wizard's state, kept in the session between steps as plain JSON.

Uploads (photo, scans) wait under `registry/pending/` in the default storage until the final submit
copies them to their place; nothing reaches the register before `enrollment_submit`.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sanad.registry.inputs import CertificateInput, DependantInput, DocumentInput, MemberInput

SESSION_KEY = "registry_enrollment"
STEPS = ("person", "documents", "dependants", "review")
_PERSON_DATES = ("birth_date",)


def state_get(session: Any) -> dict[str, Any]:
    return session.get(SESSION_KEY) or {"person": None, "documents": [], "dependants": []}


def state_save(session: Any, state: dict[str, Any]) -> None:
    session[SESSION_KEY] = state
    session.modified = True


def state_clear(session: Any) -> None:
    state = session.pop(SESSION_KEY, None) or {}
    for name in _stashed(state):
        default_storage.delete(name)


def step_open(state: dict[str, Any], step: str) -> bool:
    """A step opens once the steps before it are done."""
    if step == "documents":
        return bool(state.get("person"))
    if step in ("dependants", "review"):
        return bool(state.get("person")) and bool(state.get("documents"))
    return True


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def stash(upload: Any) -> str:
    """Keep an upload until the submit; returns its name in the storage."""
    suffix = PurePosixPath(upload.name or "").suffix.lower()[:8]
    return default_storage.save(f"registry/pending/{uuid.uuid4().hex}{suffix}", upload)


def unstash(name: str | None) -> ContentFile | None:
    if not name or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return ContentFile(handle.read(), name=PurePosixPath(name).name)


def _stashed(state: dict[str, Any]) -> list[str]:
    names = [(state.get("person") or {}).get("photo")]
    names += [d.get("scan") for d in state.get("documents") or []]
    for dependant in state.get("dependants") or []:
        names += dependant_scans(dependant)
    return [name for name in names if name]


def dependant_scans(row: dict[str, Any]) -> list[str]:
    """The pending scans of a dependant's certificates."""
    return [c["scan"] for c in row.get("certificates", ()) if c.get("scan")]


def stash_delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def plain(data: dict[str, Any]) -> dict[str, Any]:
    """A form's cleaned data as JSON (dates as ISO strings, uploads left out)."""
    return {k: _iso(v) for k, v in data.items() if not hasattr(v, "read")}


def member_input(state: dict[str, Any], *, with_photo: bool = False) -> MemberInput:
    person = dict(state["person"])
    stashed = person.pop("photo", None)
    photo = unstash(stashed) if with_photo else None
    person["birth_date"] = _date(person["birth_date"])
    return MemberInput(**person, photo=photo)


def document_input(row: dict[str, Any], *, with_scan: bool = False) -> DocumentInput:
    return DocumentInput(
        kind=row["kind"],
        number=row["number"],
        expires_on=_date(row.get("expires_on")),
        scan=unstash(row.get("scan")) if with_scan else None,
    )


def dependant_input(row: dict[str, Any], *, with_scans: bool = False) -> DependantInput:
    certificates = tuple(
        CertificateInput(
            kind=c["kind"],
            issued_on=_date(c["issued_on"]),
            expires_on=_date(c.get("expires_on")),
            scan=unstash(c.get("scan")) if with_scans else None,
        )
        for c in row.get("certificates", ())
    )
    fields = {k: v for k, v in row.items() if k != "certificates"}
    fields["birth_date"] = _date(fields["birth_date"])
    return DependantInput(**fields, certificates=certificates)


def dependant_row(data: dict[str, Any], kinds: list[str]) -> dict[str, Any]:
    """A dependant form's cleaned data as a JSON row, its certificate dates gathered by kind.

    Scans are left out: `certificate_scans_stash` keeps them once the dependant is accepted.
    """
    row = {name: _iso(data[name]) for name in DependantInput.__dataclass_fields__ if name in data}
    row["certificates"] = [
        {
            "kind": kind,
            "issued_on": _iso(data[f"{kind}_issued_on"]),
            "expires_on": _iso(data.get(f"{kind}_expires_on")),
        }
        for kind in kinds
        if data.get(f"{kind}_issued_on")
    ]
    return row


def certificate_scans_stash(row: dict[str, Any], scans: dict[str, Any]) -> dict[str, Any]:
    """The row with each handed-in scan kept pending under its certificate."""
    certificates = [
        {**c, "scan": stash(scans[c["kind"]])} if c["kind"] in scans else c for c in row["certificates"]
    ]
    return {**row, "certificates": certificates}
