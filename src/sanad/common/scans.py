"""Scans handed in (identity papers, certificates, care papers, requests): a PDF or a photo, recognised by
its name, its first bytes and the type the sender declared, within a size limit. One check serves the
register's counter, the facility's uploads, the insured's reimbursement and prior-authorization papers."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.errors import DomainError, ErrorCode

SCAN_MAX_MB = 5
SCAN_MAX_BYTES = SCAN_MAX_MB * 1024 * 1024
SCAN_TYPES: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}
SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
# What a browser or a scanner's software may declare for any file; the first bytes then decide.
_UNDECLARED = {"", "application/octet-stream"}


def scan_check(scan: Any, *, field: str = "scan", max_mb: int = SCAN_MAX_MB) -> str:
    """A scan is a PDF, JPEG or PNG file of at most `max_mb` megabytes whose first bytes and declared type
    match its name; returns its extension (".jpeg" read as ".jpg")."""
    if scan is None:
        raise DomainError(ErrorCode.REQUIRED, _("Attach the scan."), field=field)
    if scan.size is None or scan.size > max_mb * 1024 * 1024:
        raise DomainError(
            ErrorCode.INVALID, _("The file is larger than %(limit)s MB.") % {"limit": max_mb}, field=field
        )
    suffix = PurePosixPath(scan.name or "").suffix.lower()
    expected = SCAN_TYPES.get(suffix)
    declared = (getattr(scan, "content_type", "") or "").split(";")[0].strip().lower()
    head = b""
    if expected is not None:
        scan.seek(0)
        head = scan.read(len(expected[0]))
        scan.seek(0)
    if expected is None or head != expected[0] or declared not in _UNDECLARED | {expected[1]}:
        raise DomainError(ErrorCode.INVALID, _("Only a PDF, JPEG or PNG file is accepted."), field=field)
    return ".jpg" if suffix == ".jpeg" else suffix


class ScanField(forms.FileField):
    """A scan on a page's form (optional unless told): refused next to the field as `scan_check` says."""

    default_error_messages = {"scan": gettext_lazy("Only a PDF, JPEG or PNG file is accepted.")}

    def __init__(self, *, max_mb: int = SCAN_MAX_MB, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        self.max_mb = max_mb
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", SCAN_ACCEPT)

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        try:
            scan_check(upload, max_mb=self.max_mb)
        except DomainError as error:
            raise forms.ValidationError(error.message, code="scan") from error
        return upload
