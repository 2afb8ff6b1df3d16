"""The prerequisites an accreditation mission scores (seed 001: agreed with the ministry of health).

Assumption: the ministry's list is not published; these are the usual headings of a quality diagnosis.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (code, label, maximum score)
PREREQUISITES: tuple[tuple[str, object, int], ...] = (
    ("premises", _("Premises and hygiene"), 10),
    ("equipment", _("Medical equipment"), 10),
    ("staff", _("Qualified staff present"), 10),
    ("drugs", _("Essential drugs available"), 10),
    ("records", _("Patient records and registers"), 10),
    ("protocols", _("National treatment protocols applied"), 10),
    ("referral", _("Referral arrangements"), 10),
)
PREREQUISITE_CODES = tuple(code for code, _label, _max in PREREQUISITES)
MAX_SCORES = {code: maximum for code, _label, maximum in PREREQUISITES}
LABELS = {code: label for code, label, _max in PREREQUISITES}
