"""The documents a billing file needs come from the fund profile and reach the engine unchanged."""

from __future__ import annotations

import pytest

from sanad.adjudication import CareType, LineKind
from sanad.catalog.choices import ActCategory, DeviceCategory
from sanad.catalog.engine_rules import profile_rules
from sanad.claims.statuses import DocumentKind
from sanad.funds import load_profile
from sanad.funds.vocabulary import DOCUMENT_KINDS

FUNDS = ["cnass-mr", "cnops-ma", "cnss-ma"]


def test_document_kinds_of_profiles_and_claims_are_the_same_codes():
    assert set(DOCUMENT_KINDS) == set(DocumentKind.values)


@pytest.mark.parametrize("fund", FUNDS)
def test_required_documents_categories_are_catalog_categories(fund):
    categories = set(ActCategory.values) | set(DeviceCategory.values)
    profile = load_profile(fund)
    assert {code for code, _docs in profile.claims.required_documents.by_category} <= categories


@pytest.mark.parametrize("fund", FUNDS)
def test_required_documents_of_a_stay_drugs_and_results_reach_the_engine(fund):
    """A stay needs the hospital report; drugs their prescription and barcodes; lab acts their results."""
    rules = profile_rules(load_profile(fund))
    assert rules.required_documents[CareType.INPATIENT] == {"hospital_report"}
    assert rules.documents_by_kind[LineKind.DRUG] == {"prescription", "barcodes"}
    assert rules.documents_by_category["lab"] == {"prescription", "results"}
    assert CareType.OUTPATIENT not in rules.required_documents
