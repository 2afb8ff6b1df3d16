"""Practitioner (issue #19 §2): the health professionals of the caller's facility, read and searched by
identifier or name; another facility's do not exist for the caller."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.practitioner import Practitioner as FhirPractitioner

from sanad.api.fhir.identifiers import identifier_system
from sanad.providers.models import Practitioner
from tests.fhir.claims_bodies import issue
from tests.fhir.conftest import FHIR, machine

pytestmark = pytest.mark.django_db


def test_a_facility_reads_and_searches_its_practitioners_only(fhir):
    own = Practitioner.objects.create(
        facility=fhir.world.centre, name="Sidi Mohamed", specialty="general_practice", identifier="INPE-1"
    )
    centre, hospital = machine(fhir.centre_key), machine(fhir.hospital_key)

    read = centre.get(f"{FHIR}/Practitioner/{own.pk}")
    by_identifier = centre.get(
        f"{FHIR}/Practitioner", {"identifier": f"{identifier_system('practitioner')}|INPE-1"}
    )
    by_name = centre.get(f"{FHIR}/Practitioner", {"name": "sidi"}).json()

    assert FhirPractitioner.model_validate(read.json()).identifier[0].value == "INPE-1"
    assert by_identifier.json()["total"] == 1 and by_name["total"] == 1
    assert issue(hospital.get(f"{FHIR}/Practitioner/{own.pk}"), 404)["code"] == "not-found"
    assert hospital.get(f"{FHIR}/Practitioner", {"name": "sidi"}).json()["total"] == 0
