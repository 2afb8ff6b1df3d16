"""Facilities are registered and edited through pages, not only the admin (issue 15); a public hospital of
a kind the profile admits automatically to direct billing is admitted on registration (seed 002: "university,
state and military hospitals are admitted automatically"), in the same transaction, for all three funds."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.funds import load_profile
from sanad.providers import services
from sanad.providers.models import DirectBillingAccess, DirectBillingEvent, Facility, FacilityKind, Sector

pytestmark = pytest.mark.django_db
FUNDS = ("cnass-mr", "cnops-ma", "cnss-ma")
REGISTER = reverse("providers:facility_register")
_serial = itertools.count(1)


def form_data(profile, **overrides) -> dict[str, str]:
    """A valid registration form of the profile's country, with a fresh code."""
    data = {
        "code": f"reg-{next(_serial):04d}",
        "name_fr": "Centre de santé de la Corniche",
        "name_ar": "المركز الصحي للكورنيش",
        "kind": "health_centre",
        "sector": "public",
        "level": profile.care_pyramid.levels[0].code,
        "region": profile.regions[0].code,
        "health_directorate": "Direction régionale de la santé",
        "mission_curative": "on",
        "bank_account": "",
        "regulator_registration": "REG-2026/14",
        "provider_identifier": "123456789",
    }
    data.update(overrides)
    return {f"facility-{name}": value for name, value in data.items() if value is not None}


@pytest.fixture
def fund(settings):
    """Run a test under each profile in turn: `fund` is the loaded profile."""

    def use(code: str):
        settings.SANAD_FUND = code
        return load_profile(code)

    return use


@pytest.fixture
def logged_manager(client, manager):
    client.force_login(manager)
    return client


def test_a_manager_registers_a_facility_through_the_page(logged_manager, fund, manager):
    profile = fund("cnass-mr")
    assert logged_manager.get(REGISTER).status_code == 200

    response = logged_manager.post(REGISTER, form_data(profile, code=" mr-cs-0042 "))

    facility = Facility.objects.get(code="MR-CS-0042")
    assert response.status_code == 302
    assert response["Location"] == reverse("providers:facility_detail", args=[facility.code])
    assert facility.name_ar == "المركز الصحي للكورنيش" and facility.provider_identifier == "123456789"
    event = AuditEvent.objects.get(action="facility_create", object_id=str(facility.pk))
    assert event.actor == manager
    assert event.after["code"] == "MR-CS-0042" and event.after["region"] == profile.regions[0].code


def test_the_pages_are_reached_from_the_list_and_the_detail(logged_manager, fund):
    profile = fund("cnass-mr")
    logged_manager.post(REGISTER, form_data(profile, code="MR-LINK-1"))
    edit = reverse("providers:facility_edit", args=["MR-LINK-1"])

    listing = logged_manager.get(reverse("providers:facility_list")).content.decode()
    detail = logged_manager.get(reverse("providers:facility_detail", args=["MR-LINK-1"])).content.decode()

    assert f'href="{REGISTER}"' in listing and f'href="{edit}"' in listing
    assert f'href="{edit}"' in detail
    assert logged_manager.get(edit).status_code == 200


@pytest.mark.parametrize("role", [Role.CLAIMS_CHECKER, Role.FACILITY_STAFF, Role.COUNTER_AGENT])
def test_only_those_who_manage_the_network_register_or_edit(client, make_user, make_facility, fund, role):
    profile = fund("cnass-mr")
    facility = make_facility()
    client.force_login(make_user("someone", role))

    assert client.get(REGISTER).status_code == 403
    assert client.post(REGISTER, form_data(profile)).status_code == 403
    edit = reverse("providers:facility_edit", args=[facility.code])
    assert client.post(edit, form_data(profile, name_fr="Autre nom")).status_code == 403
    assert Facility.objects.count() == 1


def test_every_field_is_checked_at_the_door_with_its_reason_next_to_it(logged_manager, fund):
    profile = fund("cnass-mr")
    wrong = {
        "code": "É!",
        "name_fr": "مستشفى",
        "name_ar": "Hopital",
        "kind": "spaceport",
        "sector": "",
        "level": "moon",
        "region": "XX-99",
        "bank_account": "MR00 1234",
        "regulator_registration": "#?!",
        "provider_identifier": "12-34",
    }

    response = logged_manager.post(REGISTER, form_data(profile, **wrong), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    page = response.content.decode()
    for name in wrong:
        assert f'data-field="{name}"' in page, name
    assert "Write the French name in Latin letters." in page
    assert "Write the Arabic name in Arabic letters." in page
    assert Facility.objects.count() == 0 and AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Écrivez le nom arabe en lettres arabes."), ("ar", "اكتب الاسم بالعربية بالحروف العربية.")],
)
def test_a_field_error_is_in_the_readers_language(logged_manager, fund, language, expected):
    profile = fund("cnops-ma")

    response = logged_manager.post(REGISTER, form_data(profile, name_ar="CHU"), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert expected in response.content.decode()


def test_a_facility_code_is_unique_whatever_its_case(logged_manager, fund, make_facility):
    profile = fund("cnass-mr")
    taken = make_facility(code="MR-CS-7", name_fr="Centre de santé de Teyarett")

    response = logged_manager.post(REGISTER, form_data(profile, code="mr-cs-7"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "The code MR-CS-7 is already that of Centre de santé de Teyarett." in response.content.decode()
    assert list(Facility.objects.all()) == [taken]
    with pytest.raises(DomainError) as caught:
        services.facility_create(
            actor=None, on=date(2026, 3, 2), profile=profile, **_fields(profile, "mr-cs-7")
        )
    assert caught.value.field == "code" and caught.value.code == ErrorCode.CONFLICT


def _fields(profile, code: str, kind: str = "health_centre", sector: str = "public") -> dict:
    return {
        "code": code,
        "name_fr": "Structure",
        "kind": kind,
        "sector": sector,
        "level": profile.care_pyramid.levels[-1].code,
        "region": profile.regions[0].code,
    }


@pytest.mark.parametrize("fund_code", FUNDS)
@pytest.mark.parametrize("kind", FacilityKind.values)
def test_a_public_hospital_the_profile_admits_automatically_is_admitted_on_registration(
    logged_manager, fund, fund_code, kind
):
    profile = fund(fund_code)
    code = f"AUTO-{kind[:10]}".upper().replace("_", "-")

    response = logged_manager.post(REGISTER, form_data(profile, code=code, kind=kind, sector="public"))

    assert response.status_code == 302
    facility = Facility.objects.get(code=code)
    access = DirectBillingAccess.objects.filter(facility=facility).first()
    if kind in profile.agreements.direct_billing_automatic:
        assert access is not None and access.automatic and access.status == "granted"
        assert access.applied_on == access.decided_on == timezone.localdate()
        assert DirectBillingEvent.objects.get(access=access).action == "direct_billing_admit"
        assert AuditEvent.objects.filter(action="direct_billing_admit", object_id=str(access.pk)).exists()
    else:
        assert access is None


@pytest.mark.parametrize("fund_code", ["cnops-ma", "cnss-ma"])
@pytest.mark.parametrize("sector", [Sector.PRIVATE, Sector.NON_PROFIT])
def test_a_hospital_outside_the_public_sector_is_not_admitted_automatically(fund, fund_code, sector):
    profile = fund(fund_code)
    kind = profile.agreements.direct_billing_automatic[0]

    facility = services.facility_create(
        actor=None, on=date(2026, 3, 2), profile=profile, **_fields(profile, f"P-{sector[:3]}", kind, sector)
    )

    assert not DirectBillingAccess.objects.filter(facility=facility).exists()


def test_the_registration_and_its_admission_are_one_transaction(fund, monkeypatch):
    profile = fund("cnops-ma")

    def broken(**kwargs):
        raise DomainError(ErrorCode.CONFLICT, "admission failed")

    monkeypatch.setattr("sanad.providers.services.facilities.direct_billing_admit", broken)
    with pytest.raises(DomainError):
        services.facility_create(
            actor=None,
            on=date(2026, 3, 2),
            profile=profile,
            **_fields(profile, "MA-CHU-2", "university_hospital"),
        )

    assert not Facility.objects.filter(code="MA-CHU-2").exists()
    assert not AuditEvent.objects.filter(action="facility_create").exists()


def test_the_edit_page_changes_the_details_and_audits_only_the_fields_changed(logged_manager, fund, manager):
    profile = fund("cnops-ma")
    logged_manager.post(REGISTER, form_data(profile, code="MA-CS-1"))
    facility = Facility.objects.get(code="MA-CS-1")
    edit = reverse("providers:facility_edit", args=[facility.code])
    page = logged_manager.get(edit)
    assert page.context["form"]["name_fr"].value() == facility.name_fr

    changed = form_data(profile, code=None, name_ar="مركز الكورنيش", bank_account="0115190000012050005349 21")
    response = logged_manager.post(edit, changed)

    assert response.status_code == 302
    facility.refresh_from_db()
    event = AuditEvent.objects.get(action="facility_update", object_id=str(facility.pk))
    assert event.actor == manager
    assert set(event.after) == {"name_ar"}
    assert event.before == {"name_ar": "المركز الصحي للكورنيش"}


def test_the_bank_account_changes_only_through_the_four_eyes_page(logged_manager, fund):
    """A payment goes to the account valid on the run's date, approved by a second person (payments):
    the edit page neither offers the account nor changes it."""
    profile = fund("cnops-ma")
    logged_manager.post(REGISTER, form_data(profile, code="MA-CS-2"))
    facility = Facility.objects.get(code="MA-CS-2")
    edit = reverse("providers:facility_edit", args=[facility.code])

    assert "bank_account" not in logged_manager.get(edit).context["form"].fields
    logged_manager.post(edit, form_data(profile, code=None, bank_account="011519000001205000534921"))

    facility.refresh_from_db()
    assert facility.bank_account == ""


def test_saving_the_edit_page_unchanged_records_nothing(logged_manager, fund):
    profile = fund("cnass-mr")
    logged_manager.post(REGISTER, form_data(profile, code="MR-CS-3"))
    edit = reverse("providers:facility_edit", args=["MR-CS-3"])

    response = logged_manager.post(edit, form_data(profile, code=None))

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="facility_update").exists()


def test_an_edit_error_shows_next_to_its_field(logged_manager, fund):
    profile = fund("cnass-mr")
    logged_manager.post(REGISTER, form_data(profile, code="MR-CS-4"))
    edit = reverse("providers:facility_edit", args=["MR-CS-4"])

    response = logged_manager.post(
        edit, form_data(profile, code=None, region="XX-1", name_fr=""), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field="region"' in page and 'data-field="name_fr"' in page
    assert Facility.objects.get(code="MR-CS-4").region == profile.regions[0].code


def test_the_code_never_changes(fund, make_facility):
    profile = fund("cnass-mr")
    facility = make_facility()

    with pytest.raises(DomainError) as caught:
        services.facility_update(actor=None, facility=facility, changes={"code": "NEW-1"}, profile=profile)

    assert caught.value.field == "code"


def test_kind_and_sector_are_fixed_once_the_facility_has_asked_for_an_agreement(fund, make_facility):
    profile = fund("cnass-mr")
    facility = make_facility()
    services.agreement_request(actor=None, facility=facility, requested_on=date(2026, 3, 2), profile=profile)

    with pytest.raises(DomainError) as caught:
        services.facility_update(
            actor=None, facility=facility, changes={"sector": "private"}, profile=profile
        )

    assert caught.value.field == "sector"
    facility.refresh_from_db()
    assert facility.sector == "public"


def test_a_kind_corrected_to_a_hospital_admitted_automatically_is_admitted_by_the_same_service(fund):
    profile = fund("cnops-ma")
    facility = services.facility_create(
        actor=None, on=date(2026, 3, 2), profile=profile, **_fields(profile, "MA-HOP-1", "health_centre")
    )
    assert not facility.direct_billing.exists()

    services.facility_update(
        actor=None,
        facility=facility,
        changes={"kind": "military_hospital"},
        on=date(2026, 3, 5),
        profile=profile,
    )

    access = facility.direct_billing.get()
    assert access.automatic and access.decided_on == date(2026, 3, 5)


def test_the_admin_only_reads_facilities(client, make_user, make_facility):
    admin = make_user("root", is_staff=True, is_superuser=True)
    facility = make_facility()
    client.force_login(admin)

    assert client.get(reverse("admin:providers_facility_add")).status_code == 403
    assert client.post(reverse("admin:providers_facility_change", args=[facility.pk]), {}).status_code == 403
