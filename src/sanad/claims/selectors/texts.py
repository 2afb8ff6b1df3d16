"""Stored findings and anomaly signals as text in the reader's language.

The engine's findings render through its reason catalogue (`finding_text`); the reasons a checker or an
adviser added (`review_reduced`, `review_rejected`) through the ReviewReason labels.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sanad.adjudication import Finding, Reason, finding_text
from sanad.claims.statuses import REVIEW_REDUCED, REVIEW_REJECTED, ReviewReason

_ENGINE_CODES = frozenset(code.value for code in Reason)
_LANGUAGES = ("fr", "ar", "en")


def _language() -> str:
    code = (get_language() or "fr").split("-")[0]
    return code if code in _LANGUAGES else "fr"


def _engine_text(item: dict[str, Any], lang: str) -> str:
    params: dict[str, Any] = {str(k): v for k, v in (item.get("params") or {}).items()}
    if "rate" in params:
        # Stored as text; the catalogue shows a rate as a percentage.
        with contextlib.suppress(InvalidOperation):
            params["rate"] = Decimal(str(params["rate"]))
    finding = Finding(Reason(item["code"]), item.get("rule", ""), tuple(params.items()), "")
    try:
        return finding_text(finding, lang)  # type: ignore[arg-type]
    except (KeyError, IndexError, ValueError):
        return item["code"]


def _review_text(item: dict[str, Any]) -> str:
    params = item.get("params") or {}
    reason = dict(ReviewReason.choices).get(params.get("reason", ""), params.get("reason", ""))
    if item["code"] == REVIEW_REDUCED:
        text = _("Reduced on review to %(amount)s: %(reason)s") % {
            "amount": params.get("fund_share", ""),
            "reason": reason,
        }
    else:
        text = _("Rejected on review: %(reason)s") % {"reason": reason}
    note = params.get("note")
    return f"{text} ({note})" if note else text


def finding_texts(findings: Any) -> list[dict[str, str]]:
    """Each finding, as the engine gives it or as stored ({"code", "rule", "params"}), as {"code", "text",
    "by"} in the reader's language: "by" is "review" for a person's reason, else "engine"."""
    lang = _language()
    out = []
    for item in findings or []:
        if isinstance(item, Finding):
            out.append({"code": item.code.value, "text": finding_text(item, lang), "by": "engine"})  # type: ignore[arg-type]
        elif not isinstance(item, dict) or "code" not in item:
            out.append({"code": "", "text": str(item), "by": "engine"})
        elif item["code"] in _ENGINE_CODES:
            out.append({"code": item["code"], "text": _engine_text(item, lang), "by": "engine"})
        elif item["code"] in (REVIEW_REDUCED, REVIEW_REJECTED):
            out.append({"code": item["code"], "text": _review_text(item), "by": "review"})
        else:
            params = ", ".join(f"{k}: {v}" for k, v in (item.get("params") or {}).items())
            out.append({"code": item["code"], "text": f"{item['code']} {params}".strip(), "by": "engine"})
    return out


def finding_strings(findings: Any) -> list[str]:
    """The texts alone of `finding_texts`."""
    return [item["text"] for item in finding_texts(findings)]
