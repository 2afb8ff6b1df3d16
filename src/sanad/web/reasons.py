"""The reason catalogue page: every code the engine can give, with its meaning, its effect and its rule,
in the reader's language."""

from __future__ import annotations

import re

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanad.adjudication import CATALOGUE, Reason
from sanad.adjudication.codes import Effect

EFFECTS = {
    Effect.REJECT: _("The line is not paid"),
    Effect.REDUCE: _("The line is paid in part"),
    Effect.ADMINISTRATIVE_CHECK: _("A claims checker decides"),
    Effect.MEDICAL_REVIEW: _("A medical adviser decides"),
    Effect.INFORMATION: _("Information only"),
}

# The engine's rules by name, in words; the sources behind each are in the docs (docs/reasons.md).
RULES = {
    "time_bar": _("Time limit for filing"),
    "documents": _("Supporting documents"),
    "rights": _("Rights of the beneficiary"),
    "facility_agreement": _("Agreement of the facility"),
    "facility_allowed": _("Facilities allowed for the act"),
    "benefit_package": _("Benefit package"),
    "age_sex": _("Age and sex allowed for the act"),
    "duplicates": _("Acts billed twice"),
    "prior_approval": _("Prior approval"),
    "frequency": _("Number of acts allowed"),
    "valuation": _("Tariff and shares"),
    "yearly_ceiling": _("Yearly ceiling"),
    "care_pyramid": _("Care pyramid"),
    "direct_billing_threshold": _("Direct-billing threshold"),
    "medical_review": _("Medical review"),
}

# A text's placeholders ({code}, {date}) are filled from the file; the catalogue shows them as dots.
_PLACEHOLDER = re.compile(r"\{\w+\}")


def reason_catalogue(request):
    """Public: facilities and staff read what a code on a decision means, in their language. The code is
    the row's subject: it is what a facility's software receives from the API."""
    language = (get_language() or "fr").split("-")[0]
    rows = [
        {
            "code": code.value,
            "rule": RULES.get(CATALOGUE[code].rule, ""),
            "effect": EFFECTS[CATALOGUE[code].effect],
            "effect_code": CATALOGUE[code].effect.value,
            "text": _PLACEHOLDER.sub("…", getattr(CATALOGUE[code], language, CATALOGUE[code].fr)),
        }
        for code in Reason
    ]
    return render(request, "web/reasons.html", {"rows": rows})
