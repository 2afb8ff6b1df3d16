"""The register import: a dry run that writes nothing, or the import of every row in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.tabular import RowError, read_table
from sanad.funds.active import active_profile
from sanad.registry.imports.validation import rows_check
from sanad.registry.imports.writing import families_write, next_serial
from sanad.registry.models import Member


@dataclass
class ImportReport:
    rows: int = 0
    members: int = 0
    dependants: int = 0
    documents: int = 0
    certificates: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def register_import(
    *,
    actor: Any,
    content: bytes,
    fmt: str,
    on: datetime.date,
    dry_run: bool = False,
    progress: Callable[[str, int], Any] | None = None,
) -> ImportReport:
    """Check every row; unless `dry_run`, then write every family (enrolled on `on`) or, on any error, none.

    `progress(stage, count)` hears of rows checked ("checked") and members written ("written").
    """
    profile = active_profile()
    header, rows = read_table(content, fmt)
    checked = rows_check(
        header, rows, profile=profile, on=on, progress=progress and (lambda n: progress("checked", n))
    )
    report = ImportReport(rows=checked.rows, errors=checked.errors, members=len(checked.families))
    report.dependants = sum(len(family.dependants) for family in checked.families)
    if not report.ok or dry_run or not checked.families:
        return report
    try:
        with transaction.atomic():
            written = families_write(
                checked.families,
                profile=profile,
                on=on,
                serial=next_serial(profile, checked.given_numbers),
                progress=progress and (lambda n: progress("written", n)),
            )
            audit_record(
                actor=actor,
                action="register_import",
                obj=Member(pk=written.first_member_id),
                after={
                    "rows": report.rows,
                    "members": written.members,
                    "dependants": written.dependants,
                    "documents": written.documents,
                    "certificates": written.certificates,
                    "enrolled_on": on,
                },
            )
    except IntegrityError as error:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("The register changed during the import (a number was taken): nothing was written."),
            field="file",
        ) from error
    report.documents, report.certificates = written.documents, written.certificates
    report.written = True
    return report
