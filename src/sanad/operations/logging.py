"""Structured logs: one JSON object per line, carrying the id of the request being served.

The id comes from the `X-Request-ID` header the reverse proxy sets (or is made here), so that one
request can be followed from the proxy's log to ours. Messages reach the formatter already masked by
`sanad.common.logging.RedactPersonalData` (a filter of the handler); tracebacks and extra fields are
masked here the same way.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging

from sanad.common.logging import redact

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Fields a log call may add with `extra=` that are copied into the JSON line (others are ignored: Django
# passes the whole request object in `extra`).
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "view")


def _request_id(record: logging.LogRecord) -> str | None:
    """The id of the request being served; Django logs an error answer once the middleware has returned,
    with the request itself in the record."""
    return request_id_var.get() or getattr(getattr(record, "request", None), "request_id", None)


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id"}` plus the known extra fields and the
    exception, if any."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": _request_id(record),
        }
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        if record.stack_info:
            line["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(line, ensure_ascii=False, default=str)
