"""The enrollment officers' import page: upload, dry-run report and its CSV, confirm, template download."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanad.common.permissions import Role
from sanad.funds import load_profile
from sanad.registry.imports.columns import template_file
from sanad.registry.models import Dependant, Member


@pytest.fixture
def officer(client, make_user, settings):
    """Oumar is an enrollment officer of CNASS, in charge of taking over the former RAMED register."""
    settings.SANAD_FUND = "cnass-mr"
    client.force_login(make_user("oumar", Role.ENROLLMENT_OFFICER))
    return client


def upload(client, content: bytes, name: str = "ramed.csv"):
    return client.post(reverse("registry:import"), {"file": SimpleUploadedFile(name, content)})


def test_it_checks_then_imports_the_file_checked(officer):
    checked = upload(officer, template_file(load_profile("cnass-mr"), "csv"))
    page = checked.content.decode()
    assert checked.status_code == 200 and 'id="import-confirm"' in page
    assert not Member.objects.exists()
    digest = checked.context["pending"]["digest"]
    done = officer.post(reverse("registry:import"), {"confirm": "1", "digest": digest})
    assert done.status_code == 302
    assert Member.objects.count() == 1 and Dependant.objects.count() == 2
    again = officer.post(reverse("registry:import"), {"confirm": "1", "digest": digest})
    assert again.status_code == 302 and Member.objects.count() == 1  # the file is imported once


def test_it_lists_the_errors_and_offers_them_as_csv(officer):
    content = template_file(load_profile("cnass-mr"), "csv").replace(b",M,1980-04-12,", b",X,1980-04-12,")
    checked = upload(officer, content)
    assert (
        'id="import-errors"' in checked.content.decode()
        and 'id="import-confirm"' not in checked.content.decode()
    )
    digest = checked.context["pending"]["digest"]
    report = officer.get(reverse("registry:import_errors", args=[digest]))
    assert report["Content-Type"].startswith("text/csv")
    assert b"2,sex,choice," in report.content
    assert officer.post(reverse("registry:import"), {"confirm": "1", "digest": digest}).status_code == 302
    assert not Member.objects.exists()


def test_it_refuses_other_files_and_offers_templates(officer):
    assert "file" in upload(officer, b"x", name="ramed.pdf").context["form"].errors
    xlsx = officer.get(reverse("registry:import_template", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert officer.get(reverse("registry:import_errors", args=["0" * 64])).status_code == 404


def test_a_counter_agent_may_not_import(client, alice):
    client.force_login(alice)
    assert client.get(reverse("registry:import")).status_code == 403
