"""A Claim sent to `Claim/$submit` (or POSTed to `Claim`), read and checked: alone, or as the first entry
of a `collection` Bundle whose other entries are the Patient, Practitioner, Organization and
DocumentReference resources it refers to (HL7 Da Vinci PAS, IHE FAIS).

The Claim is checked by the R4B model first, then by the rules below; the first fault is refused as an
OperationOutcome naming its element. What it says is read into a `ClaimAsk` the two converters use
(`preauthorization` for use=preauthorization, `claim_submit` for use=claim); nothing is written here.

- patient: `Patient/<id>` (a registration number, or number-dependant id), or a Patient entry of the
  Bundle whose identifier is one of the fund's;
- provider: the caller's own facility, `Organization/<code>` or an Organization entry with the facility
  identifier; insurer (optional): the fund;
- item.productOrService: a code of the fund's act, drug or device systems in force on the day of care;
- supportingInfo: a form field (`code` in the form-field system, value as string, quantity, boolean or
  date), a paper (`code` in the document system, `valueAttachment` with its data or `valueReference` to a
  DocumentReference entry of the Bundle whose attachment holds it), or the admission (`category` code
  `admission`, `code` the admission);
- the day of care: `billablePeriod.start`, else the first item's `servicedDate`, else the day created.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pydantic
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim

from sanad.api.fhir.beneficiaries import patient_id_read
from sanad.api.fhir.catalogue import concept_items
from sanad.api.fhir.identifiers import PatientId, fund_id, identifier_system, local_date, names_this_fund
from sanad.api.fhir.outcomes import FhirError, invalid_resource
from sanad.api.fhir.patient import patient_id_of_identifier

TYPE = "Claim"
USES = frozenset({"preauthorization", "claim"})
ADMISSION = "admission"  # the supportingInfo category naming the admission of a prior authorization
_CONTENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


@dataclass(frozen=True, slots=True)
class ItemAsk:
    """One item: its index in Claim.item, its catalogue kind and code, quantity, amount and day."""

    index: int
    kind: str
    code: str
    quantity: int
    net: Decimal | None
    day: datetime.date
    factor: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ClaimAsk:
    """What a Claim asks, read and checked."""

    claim: Claim
    use: str
    patient: PatientId
    day: datetime.date
    items: tuple[ItemAsk, ...]
    identifier: str  # system|value of the first identifier, or ""
    identifier_value: str
    sub_type: str  # the code of a subType in the request-type or care-type system, or ""
    values: dict[str, str] = field(default_factory=dict)  # the form's fields
    documents: dict[str, SimpleUploadedFile] = field(default_factory=dict)
    admission: str = ""
    diagnosis: str = ""
    practitioner: str = ""
    emergency: bool = False
    end: datetime.date | None = None  # billablePeriod.end


def _refuse(status: int, code: str, message: str, where: str) -> FhirError:
    return FhirError(status, code, message, expression=f"{TYPE}.{where}")


class _Entries:
    """The Bundle's entries by fullUrl and by `Type/id`, to resolve the Claim's references."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.found: dict[str, dict[str, Any]] = {}
        for entry in entries:
            resource = entry.get("resource") or {}
            if entry.get("fullUrl"):
                self.found[entry["fullUrl"]] = resource
            if resource.get("id"):
                self.found[f"{resource.get('resourceType')}/{resource['id']}"] = resource

    def get(self, reference: str | None, resource_type: str) -> dict[str, Any] | None:
        resource = self.found.get(reference or "")
        return resource if resource and resource.get("resourceType") == resource_type else None


def claim_body(body: dict[str, Any]) -> tuple[dict[str, Any], _Entries]:
    """The Claim of a body that is a Claim or a collection Bundle whose first entry is one."""
    if body.get("resourceType") == TYPE:
        return body, _Entries([])
    if body.get("resourceType") != "Bundle":
        message = _("This address takes a Claim, or a collection Bundle whose first entry is the Claim.")
        raise FhirError(400, "invalid", message, expression="resourceType")
    try:
        Bundle.model_validate(body)
    except pydantic.ValidationError as error:
        raise invalid_resource("Bundle", error) from error
    if body.get("type") != "collection":
        message = _("The Bundle must be of type collection.")
        raise FhirError(400, "value", message, expression="Bundle.type")
    entries = body.get("entry") or []
    first = (entries[0].get("resource") or {}) if entries else {}
    if first.get("resourceType") != TYPE:
        message = _("The first entry of the Bundle must be the Claim.")
        raise FhirError(400, "invalid", message, expression="Bundle.entry[0].resource")
    return first, _Entries(entries[1:])


def _patient(claim: Claim, entries: _Entries) -> PatientId:
    reference = claim.patient
    if reference.reference:
        entry = entries.get(reference.reference, "Patient")
        if entry is not None:
            for identifier in entry.get("identifier") or []:
                found = patient_id_of_identifier(identifier.get("system"), identifier.get("value") or "")
                if found is not None:
                    return found
            raise _refuse(404, "not-found", _("No such insured person."), "patient")
        kind, slash, id = reference.reference.partition("/")
        if kind != "Patient" or not slash or "/" in id:
            message = _("The patient must be referred to as Patient/<id>.")
            raise _refuse(400, "invalid", message, "patient.reference")
        return patient_id_read(id, expression=f"{TYPE}.patient")
    if reference.identifier and reference.identifier.value:
        found = patient_id_of_identifier(reference.identifier.system, reference.identifier.value)
        if found is None:
            raise _refuse(404, "not-found", _("No such insured person."), "patient.identifier")
        return found
    raise _refuse(400, "required", _("The patient's reference or identifier is required."), "patient")


def provider_check(claim: Claim, entries: _Entries, own_code: str) -> None:
    """The provider is the caller's own facility: a Claim is sent by the facility that gave the care."""
    reference = claim.provider
    code = None
    if reference.reference:
        entry = entries.get(reference.reference, "Organization")
        if entry is not None:
            facility = identifier_system("facility")
            code = next(
                (i.get("value") for i in entry.get("identifier") or [] if i.get("system") == facility), None
            )
        else:
            kind, slash, id = reference.reference.partition("/")
            if kind != "Organization" or not slash:
                message = _("The provider must be referred to as Organization/<code>.")
                raise _refuse(400, "invalid", message, "provider.reference")
            code = id
    elif reference.identifier and reference.identifier.system == identifier_system("facility"):
        code = reference.identifier.value
    if code != own_code:
        message = _("The provider must be your own facility: %(reference)s.") % {
            "reference": f"Organization/{own_code}"
        }
        raise _refuse(400, "invalid", message, "provider")


def _insurer(claim: Claim) -> None:
    reference = claim.insurer
    if reference is None:
        return
    if not names_this_fund(reference):
        ours = f"Organization/{fund_id()}"
        message = _("The insurer must be this fund: %(reference)s.") % {"reference": ours}
        raise _refuse(400, "invalid", message, "insurer")


def _day(claim: Claim) -> datetime.date:
    if claim.billablePeriod is not None and claim.billablePeriod.start is not None:
        return local_date(claim.billablePeriod.start)
    for item in claim.item or []:
        if item.servicedDate is not None:
            return local_date(item.servicedDate)
    return local_date(claim.created)


def _money(value: Any) -> Decimal | None:
    return None if value is None or value.value is None else Decimal(str(value.value))


def _items(claim: Claim, day: datetime.date) -> tuple[ItemAsk, ...]:
    asked = claim.item or []
    served = [local_date(item.servicedDate) if item.servicedDate is not None else day for item in asked]
    named = concept_items(
        [
            (item.productOrService, on, f"{TYPE}.item[{index}].productOrService")
            for index, (item, on) in enumerate(zip(asked, served, strict=True))
        ]
    )
    items = []
    for index, (item, on, found) in enumerate(zip(asked, served, named, strict=True)):
        assert found is not None  # a Claim's item has its productOrService (R4B: 1..1)
        quantity = item.quantity.value if item.quantity is not None else 1
        if quantity is None or Decimal(str(quantity)) != int(quantity) or int(quantity) < 1:
            message = _("The quantity must be a whole number, one or more.")
            raise _refuse(400, "value", message, f"item[{index}].quantity")
        net = _money(item.net)
        if net is None and item.unitPrice is not None:
            net = _money(item.unitPrice) * int(quantity)  # type: ignore[operator]
        factor = Decimal(str(item.factor)) if item.factor is not None else None
        items.append(ItemAsk(index, found.kind, found.code, int(quantity), net, on, factor))
    return tuple(items)


def _coded(concept: Any, kind: str) -> str:
    system = identifier_system(kind)
    for coding in (concept.coding or []) if concept is not None else []:
        if coding.system == system and coding.code:
            return coding.code
    return ""


def _attachment(index: int, attachment: dict[str, Any] | None, name: str) -> SimpleUploadedFile:
    where = f"supportingInfo[{index}]"
    if not attachment or not attachment.get("data"):
        message = _("The paper must be sent with its content (attachment data).")
        raise _refuse(400, "required", message, f"{where}.valueAttachment.data")
    content_type = attachment.get("contentType") or "application/pdf"
    if content_type not in _CONTENT_TYPES:
        message = _("A paper is a PDF, JPEG or PNG file.")
        raise _refuse(400, "value", message, f"{where}.valueAttachment.contentType")
    try:
        data = base64.b64decode(attachment["data"], validate=True)
    except (binascii.Error, ValueError) as error:
        message = _("The paper's content could not be read.")
        raise _refuse(400, "value", message, f"{where}.valueAttachment.data") from error
    filename = attachment.get("title") or f"{name}.{content_type.rsplit('/', 1)[-1]}"
    return SimpleUploadedFile(filename, data, content_type=content_type)


def _value(info: Any) -> str:
    for name in ("valueString", "valueBoolean", "valueDate"):
        value = getattr(info, name, None)
        if value is not None:
            if isinstance(value, bool):
                return "yes" if value else "no"
            return value.isoformat() if isinstance(value, datetime.date) else str(value)
    if info.valueQuantity is not None and info.valueQuantity.value is not None:
        return str(info.valueQuantity.value)
    return ""


def _supporting(claim: Claim, entries: _Entries) -> tuple[dict[str, str], dict[str, Any], str]:
    values: dict[str, str] = {}
    documents: dict[str, Any] = {}
    admission = ""
    for index, info in enumerate(claim.supportingInfo or []):
        category = {c.code for c in info.category.coding or []}
        if ADMISSION in category:
            admission = (info.code.coding[0].code if info.code and info.code.coding else "") or _value(info)
            continue
        if code := _coded(info.code, "form-field"):
            values[code] = _value(info)
            continue
        raw = info.model_dump(mode="json", exclude_none=True)
        document = _coded(info.code, "document")
        attachment = raw.get("valueAttachment")
        if "valueReference" in raw:
            entry = entries.get(raw["valueReference"].get("reference"), "DocumentReference")
            if entry is None:
                message = _("The reference must name a DocumentReference entry of the Bundle.")
                raise _refuse(400, "invalid", message, f"supportingInfo[{index}].valueReference")
            content = entry.get("content") or [{}]
            attachment = content[0].get("attachment")
            for coding in (entry.get("type") or {}).get("coding") or []:
                if coding.get("system") == identifier_system("document") and not document:
                    document = coding.get("code") or ""
        if document and attachment is not None:
            documents[document] = _attachment(index, attachment, document)
    return values, documents, admission


def _diagnosis(claim: Claim) -> str:
    for diagnosis in claim.diagnosis or []:
        concept = diagnosis.diagnosisCodeableConcept
        for coding in (concept.coding or []) if concept else []:
            if coding.code:
                return coding.code
    return ""


def _practitioner(claim: Claim, entries: _Entries) -> str:
    for member in claim.careTeam or []:
        reference = member.provider
        entry = entries.get(reference.reference, "Practitioner")
        if entry is not None:
            for name in entry.get("name") or []:
                text = name.get("text") or " ".join([*name.get("given", []), name.get("family", "")]).strip()
                if text:
                    return text
        if reference.display:
            return reference.display
    return ""


def claim_from_fhir(body: dict[str, Any], *, own_code: str) -> ClaimAsk:
    """The Claim of `body` read, or the FhirError of its first fault."""
    raw, entries = claim_body(body)
    try:
        claim = Claim.model_validate(raw)
    except pydantic.ValidationError as error:
        raise invalid_resource(TYPE, error) from error
    if claim.status != "active":
        raise _refuse(400, "value", _("Only an active claim can be answered."), "status")
    if claim.use not in USES:
        message = _("This server answers a claim or a request for prior authorization.")
        raise _refuse(400, "not-supported", message, "use")
    _insurer(claim)
    provider_check(claim, entries, own_code)
    patient = _patient(claim, entries)
    if not claim.item:
        raise _refuse(400, "required", _("A claim asks for at least one item."), "item")
    day = _day(claim)
    identifier = claim.identifier[0] if claim.identifier else None
    values, documents, admission = _supporting(claim, entries)
    priority = {c.code for c in claim.priority.coding or []}
    end = claim.billablePeriod.end if claim.billablePeriod is not None else None
    return ClaimAsk(
        claim=claim,
        use=claim.use,
        patient=patient,
        day=day,
        items=_items(claim, day),
        identifier=f"{identifier.system or ''}|{identifier.value}" if identifier and identifier.value else "",
        identifier_value=(identifier.value or "") if identifier else "",
        sub_type=_coded(claim.subType, "request-type") or _coded(claim.subType, "care-type"),
        values=values,
        documents=documents,
        admission=admission,
        diagnosis=_diagnosis(claim),
        practitioner=_practitioner(claim, entries),
        emergency="stat" in priority,
        end=local_date(end) if end is not None else None,
    )
