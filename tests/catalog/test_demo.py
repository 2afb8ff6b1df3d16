import time

import pytest

from sanad.catalog.demo import catalog_load
from sanad.catalog.models import Act, Drug, KeyLetterValue, LongTermCondition, TreatmentProtocol
from sanad.catalog.validators import ean13_is_valid, icd10_is_valid
from sanad.common.demo import DemoContext
from sanad.funds import load_profile


@pytest.mark.parametrize("fund", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_each_profile_demo_catalog_loads(db, fund):
    ctx = DemoContext(profile=load_profile(fund), seed=3, members=0)

    started = time.perf_counter()
    catalog_load(ctx)
    assert time.perf_counter() - started < 3  # about a second, with room for a slow machine

    assert ctx.counts["acts"] == Act.objects.count() >= 300
    assert ctx.counts["drugs"] == Drug.objects.count() >= 300
    assert len(set(Act.objects.values_list("category", flat=True))) >= 15
    assert all(ean13_is_valid(b) for b in Drug.objects.values_list("barcode", flat=True))
    assert all(
        icd10_is_valid(c)
        for codes in LongTermCondition.objects.values_list("icd10_codes", flat=True)
        for c in codes
    )
    known = set(Act.objects.values_list("code", flat=True)) | set(Drug.objects.values_list("code", flat=True))
    for protocol in TreatmentProtocol.objects.all():
        assert icd10_is_valid(protocol.diagnosis)
        assert set(protocol.expected_codes) <= known | {"OPT-VER"}


def test_the_moroccan_demo_uses_the_public_tariff(db):
    catalog_load(DemoContext(profile=load_profile("cnops-ma"), seed=3, members=0))

    c = KeyLetterValue.objects.get(letter="C", valid_to__isnull=True)
    assert str(c.value) == "80.00" and not c.assumption
    assert KeyLetterValue.objects.get(letter="KC").value == 22.5
    assert Act.objects.get(code="REA-JOU").package_price == 1200
    assert Act.objects.get(code="KIN-SEA").package_price == 50
    assert Act.objects.filter(assumption=False).exists() and Act.objects.filter(assumption=True).exists()


def test_the_cnass_demo_values_are_all_assumptions(db):
    catalog_load(DemoContext(profile=load_profile("cnass-mr"), seed=3, members=0))

    assert not KeyLetterValue.objects.filter(assumption=False).exists()
    assert not Act.objects.filter(assumption=False).exists()


@pytest.mark.parametrize("fund", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_the_demo_protocols_expect_only_codes_of_the_demo_catalog(db, fund):
    catalog_load(DemoContext(profile=load_profile(fund), seed=1, members=0))
    known = set(Act.objects.values_list("code", flat=True)) | set(Drug.objects.values_list("code", flat=True))

    expected = {code for p in TreatmentProtocol.objects.all() for code in p.expected_codes}
    assert expected and expected <= known
