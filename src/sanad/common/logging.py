"""Keep personal data out of the logs: phone numbers, identifiers and e-mail addresses are masked."""

import logging
import re

# E-mail addresses; international phone numbers; digit pairs as phones are written (46 12 34 56);
# runs of 6+ digits (registration and document numbers). Dates and times (2026-11-23 00:42) stay readable.
_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    re.compile(r"\+\d[\d ]{6,}\d"),
    re.compile(r"(?<!\d)\d{2}(?:[ .]\d{2}){3,}(?!\d)"),
    re.compile(r"(?<!\d)\d{6,}(?!\d)"),
)


def redact(text: str) -> str:
    """Replace every personal identifier in `text` with a mask of the same kind."""
    for pattern in _PATTERNS:
        text = pattern.sub("[redacted]", text)
    return text


class RedactPersonalData(logging.Filter):
    """A logging filter that renders the message, then masks personal identifiers in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True
