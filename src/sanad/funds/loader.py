"""Read a fund profile from its TOML file and check every value before anything uses it."""

from __future__ import annotations

import functools
import re
import tomllib
from os import PathLike
from pathlib import Path

import phonenumbers

from sanad.funds import (
    sections,
    sections_authorizations,
    sections_care,
    sections_payments,
    sections_reports,
)
from sanad.funds import vocabulary as v
from sanad.funds.errors import ProfileError
from sanad.funds.reader import Node
from sanad.funds.types import FundProfile

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"


def profile_codes() -> tuple[str, ...]:
    """The codes of the profiles shipped with Sanad (file names without `.toml`), sorted."""
    return tuple(sorted(path.stem for path in PROFILES_DIR.glob("*.toml")))


@functools.cache
def load_profile(code: str) -> FundProfile:
    """The shipped profile `code` (e.g. "cnass-mr"), read once per process."""
    codes = profile_codes()
    # Checked against the list so that a code can never name a file outside the profiles folder.
    if code not in codes:
        raise ProfileError(
            f"{code}.toml", "code", f"unknown fund profile {code!r} (available: {', '.join(codes)})"
        )
    return load_profile_file(PROFILES_DIR / f"{code}.toml")


def load_profile_file(path: str | PathLike[str]) -> FundProfile:
    """The profile in the file at `path`, read and checked every time (no cache)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ProfileError(path.name, "(file)", f"cannot be read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ProfileError(path.name, "(file)", f"is not UTF-8 text: {error.reason}") from error
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(path.name, error) from error
    return _profile(Node(path.name, "", data), path.stem)


def _syntax_error(file: str, error: tomllib.TOMLDecodeError) -> ProfileError:
    # Python 3.11's TOMLDecodeError carries the position only in its message: "... (at line 3, column 7)".
    message = str(error)
    found = re.search(r"\(at line (\d+), column (\d+)\)$", message)
    if not found:
        return ProfileError(file, "(file)", f"invalid TOML syntax: {message}")
    reason = message[: found.start()].strip()
    return ProfileError(file, f"line {found[1]}", f"invalid TOML syntax at column {found[2]}: {reason}")


def _region(node: Node, key: str, what: str) -> str:
    value = node.string(key, pattern=r"[A-Z]{2}")
    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise node.fail(key, f"unknown {what} {value!r} (expected an ISO 3166-1 alpha-2 code)")
    return value


def _profile(root: Node, file_stem: str) -> FundProfile:
    code = root.string("code", pattern=r"[a-z]+-[a-z]{2}")
    if code != file_stem:
        raise root.fail("code", f"{code!r} does not match the file name {file_stem!r}")
    care_types = sections_care.care_types(root)
    care_type_codes = tuple(care_type.code for care_type in care_types)
    # The request types live in the [authorizations] table: read first from the same node, so that the
    # section's builder, which refuses unknown keys, knows them as read.
    authorizations = root.table("authorizations")
    requests = sections_authorizations.request_catalogue(
        authorizations, drug_cycles=authorizations.integer("drug_cycles", minimum=1)
    )
    profile = FundProfile(
        code=code,
        name=sections.label(root.table("name")),
        short_name=root.string("short_name", pattern=r"[A-Z][A-Z0-9-]{1,15}"),
        country=_region(root, "country", "country"),
        languages=root.strings("languages", choices=v.LANGUAGES, non_empty=True),
        phone_region=_region(root, "phone_region", "phone region"),
        money=sections.money(root.table("money")),
        calendar=sections.calendar(root.table("calendar")),
        regions=sections.regions(root),
        identity=sections.identity(root.table("identity")),
        dependants=sections.dependants(root.table("dependants")),
        contributions=sections.contributions(root.table("contributions")),
        rights=sections.rights(root.table("rights")),
        registration_number=sections.registration_number(root.table("registration_number")),
        enrollment=sections.enrollment(root.table("enrollment")),
        security=sections.security(root),
        claims=sections_care.claims(root.table("claims"), care_type_codes),
        authorizations=sections_care.authorizations(authorizations),
        authorization_requests=requests,
        agreements=sections_care.agreements(root.table("agreements")),
        care_pyramid=sections_care.care_pyramid(root.table("care_pyramid")),
        care_types=care_types,
        coverage=sections_care.coverage(root.table("coverage"), care_type_codes),
        prior_approval=sections_care.prior_approval(root.table("prior_approval")),
        yearly_ceilings=sections_care.yearly_ceilings(root),
        payments=sections_payments.payments(root.table("payments")),
        reports=sections_reports.reports(root.table("reports")),
        interfaces=sections.interfaces(root.table("interfaces")),
    )
    root.done()
    prior_approval = profile.prior_approval
    needed = {*prior_approval.all_sectors, *prior_approval.public, *prior_approval.non_profit}
    sections_authorizations.categories_check(root, requests, needed | set(prior_approval.private))
    return profile
