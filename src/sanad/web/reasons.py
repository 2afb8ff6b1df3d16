"""The reason catalogue page: every code the engine can give, with its text, rule and source."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanad.adjudication import CATALOGUE, Reason
from sanad.adjudication.codes import Effect
from sanad.adjudication.reasons import RULE_SOURCES

EFFECTS = {
    Effect.REJECT: _("The line is not paid"),
    Effect.REDUCE: _("The line is paid in part"),
    Effect.ADMINISTRATIVE_CHECK: _("A claims checker decides"),
    Effect.MEDICAL_REVIEW: _("A medical adviser decides"),
    Effect.INFORMATION: _("Information only"),
}


def reason_catalogue(request):
    """Public: facilities and staff read what a code on a decision means, in their language."""
    language = (get_language() or "fr").split("-")[0]
    rows = [
        {
            "code": code.value,
            "rule": CATALOGUE[code].rule,
            "effect": EFFECTS[CATALOGUE[code].effect],
            "effect_code": CATALOGUE[code].effect.value,
            "text": getattr(CATALOGUE[code], language, CATALOGUE[code].fr),
            "source": RULE_SOURCES.get(CATALOGUE[code].rule, ""),
        }
        for code in Reason
    ]
    return render(request, "web/reasons.html", {"rows": rows})
