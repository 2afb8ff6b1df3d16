"""What the demo's requests are filled with: each type's form from its fields and the catalogue, the papers
of its checklist that the register does not hold, and what an adviser approves. The scans are one specimen
PDF per paper, stored once and shared, so that loading the demo again adds no file to storage."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from sanad.authorizations.checklist import checklist_codes, dossier_group
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.selectors.register import register_holdings
from sanad.authorizations.services import Item
from sanad.catalog.models import Act, Device, Drug, in_force
from sanad.catalog.selectors.lookup import item_tariff
from sanad.common.demo.specimens import specimen_pdf, specimen_stored
from sanad.funds.types import FundProfile
from sanad.funds.types_authorizations import RequestType
from sanad.registry.models import Dependant, Member
from sanad.registry.rules import age_on

FOLDER = "authorizations/demo"
# A diagnosis that fits each kind of request (ICD-10), else a pneumonia.
DIAGNOSES = {
    "dialysis": "N18.5",
    "chemotherapy": "C50.9",
    "radiotherapy": "C53.9",
    "brachytherapy": "C53.9",
    "iratherapy": "C73",
    "bone_marrow_transplant": "C92.0",
    "intensive_care": "J96.0",
    "surgery_package": "M16.1",
    "costly_long_term_drug": "N18.5",
    "medical_evacuation": "I21.0",
    "prosthesis": "M17.1",
}
# What a doctor usually writes in each number of a form (assumption: ordinary cases).
TYPICAL = {
    "expected_days": 5,
    "sessions_per_week": 3,
    "months": 3,
    "cycles": 3,
    "sessions": 20,
    "quantity": 1,
    "weight_kg": 68,
    "height_cm": 165,
    "dose_per_m2": 60,
    "duration_weeks": 12,
    "urea": Decimal("1.4"),
    "creatinine": 85,
    "creatinine_clearance": 12,
    "birth_weight_g": 1800,
    "gestational_weeks": 33,
    "coefficient": 1,
}
TEXTS = {"protocol": "AC 60, 4 cures", "provider_identifier": "123456789", "destination": "CHU de Tunis"}


def specimen(code: str) -> str:
    """The storage name of the specimen scan of paper `code`, written on first use."""
    return specimen_stored(FOLDER, code, f"Sanad demo - {code.replace('_', ' ')} (specimen)")


def specimens_use(request: AuthorizationRequest) -> None:
    """Point the request's scans at the shared specimens and drop the copies the upload wrote."""
    for document in request.documents.all():
        written = document.scan.name
        document.scan.name = specimen(document.code)
        document.save(update_fields=["scan"])
        default_storage.delete(written)


def catalogue_item(request_type: RequestType, day: datetime.date) -> tuple[str, str, str]:
    """(kind, code, French label) of a catalogue item the type asks for: its own kind, or an act of one of
    its categories (a dialysis session, a chemotherapy cycle)."""
    kind = request_type.item_kind or "act"
    if kind == "drug":
        drugs = Drug.objects.filter(in_force(day)).order_by("code")
        drug = drugs.filter(long_term_only=True).first() or drugs.first()
        return kind, drug.code, drug.name
    model = Device if kind == "device" else Act
    rows = model.objects.filter(in_force(day)).order_by("code")
    found = rows.filter(category__in=request_type.categories).first() or rows.first()
    return kind, found.code, found.label_fr


def reference_price(kind: str, code: str, quantity: int, day: datetime.date, sector: str) -> Decimal:
    item = item_tariff(kind=kind, code=code, day=day, sector=sector)
    price = item.line_tariff(quantity=quantity) if item is not None else None
    return price or Decimal("1000.00")


def form_values(
    profile: FundProfile, request_type: RequestType, item: tuple[str, str, str], day: datetime.date
) -> dict[str, Any]:
    """The type's form as a doctor fills it for an ordinary case, within the profile's bounds."""
    catalogue = profile.authorization_requests
    values: dict[str, Any] = {}
    for code in request_type.fields:
        field = catalogue.field(code)
        if code == request_type.item_field:
            values[code] = item[1]
        elif code == "act_label":
            values[code] = item[2]
        elif code == "diagnosis":
            values[code] = next((DIAGNOSES[c] for c in request_type.categories if c in DIAGNOSES), "J18.9")
        elif field.type in ("integer", "decimal"):
            value = Decimal(TYPICAL.get(code, field.minimum or 1))
            if field.minimum is not None:
                value = max(value, field.minimum)
            if field.maximum is not None:
                value = min(value, field.maximum)
            values[code] = str(value)
        elif field.type == "date":
            values[code] = day.isoformat()
        elif field.type == "choice":
            values[code] = field.choices[0].code
        else:
            values[code] = TEXTS.get(code, item[2])[: field.max_length]
    return values


def papers(
    profile: FundProfile,
    request_type: RequestType,
    values: dict[str, Any],
    person: tuple[Member, Dependant | None],
    day: datetime.date,
) -> dict[str, SimpleUploadedFile]:
    """A scan of each paper of the checklist that the register does not hold already."""
    member, dependant = person
    group = None
    if dependant is not None:
        age = age_on(dependant.birth_date, day)
        group = dossier_group(
            profile, relationship=dependant.relationship, age=age, disabled=dependant.disabled
        )
    codes = checklist_codes(profile, request_type, values, group)
    documents = [profile.authorization_requests.document(code) for code in codes]
    held = register_holdings(member=member, dependant=dependant, on=day, documents=documents)
    return {
        code: SimpleUploadedFile(f"{code}.pdf", specimen_pdf("Sanad demo"), content_type="application/pdf")
        for code in codes
        if code not in held
    }


def approved_items(
    request_type: RequestType, request: AuthorizationRequest, item: tuple[str, str, str]
) -> list[Item]:
    """What an adviser approves: the item asked (`item` when the form names none), in the quantity asked
    (at most the type's cap)."""
    kind, code, _label = item
    if request_type.item_field:
        code = request.values.get(request_type.item_field, code)
    quantity = int(request.values.get(request_type.quantity_field or "", 1) or 1)
    if request_type.max_quantity:
        quantity = min(quantity, request_type.max_quantity)
    return [Item(kind, code, quantity)]
