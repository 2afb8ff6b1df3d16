"""Every filter the facility list offers is served by an index (DESIGN: every filter used by a page)."""

import pytest

from sanad.providers.models import Facility

FILTERS = ["code", "region", "kind", "level", "network_status", "provider_identifier"]


def _indexed_columns(model) -> set[str]:
    columns = {f.name for f in model._meta.fields if f.db_index or f.unique or f.primary_key}
    for index in model._meta.indexes:
        columns.add(index.fields[0].lstrip("-"))  # a composite index serves its leading column
    for constraint in model._meta.constraints:
        if getattr(constraint, "fields", None):
            columns.add(constraint.fields[0])
    return columns


@pytest.mark.parametrize("column", FILTERS)
def test_every_facility_list_filter_is_indexed(column):
    assert column in _indexed_columns(Facility)
