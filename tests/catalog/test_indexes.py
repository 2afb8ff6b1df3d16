"""Every filter a catalog list page uses has an index (DESIGN.md: lists paginate by key, filters are indexed).

The pages' forms declare what they filter; these tests check each column against the model's indexes and
unique constraints, so a new filter without an index fails here."""

import pytest
from django.db import models

from sanad.catalog import forms

LIST_FORMS = [
    forms.ActSearchForm,
    forms.DrugSearchForm,
    forms.DeviceSearchForm,
    forms.ConditionSearchForm,
    forms.PackageSearchForm,
    forms.ProtocolSearchForm,
    forms.KeyLetterSearchForm,
]
NOT_FILTERS = {"q", "on", "after"}  # the search, the date of the in-force filter, the cursor


def _leads(fields, scope, column):
    """`column` comes first in `fields` once the scope's columns (filtered by equality) are set."""
    return (
        set(fields[: len(scope)]) == set(scope) and len(fields) > len(scope) and fields[len(scope)] == column
    )


def _indexes(model):
    """(fields, condition) of every index and unique constraint of `model`, and of every indexed field."""
    found = [(list(i.fields), i.condition) for i in model._meta.indexes]
    found += [
        (list(c.fields), c.condition)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint)
    ]
    found += [
        ([f.name], None) for f in model._meta.concrete_fields if f.db_index or f.unique or f.primary_key
    ]
    return found


def _condition_columns(condition):
    return {child[0] for child in condition.children} if condition is not None else set()


def is_indexed(model, column, scope=()):
    """A B-tree serves the filter: `column` leads an index after the scope, or a partial index is on it."""
    for fields, condition in _indexes(model):
        if _leads(fields, scope, column):
            return True
        if column in _condition_columns(condition) and set(fields[: len(scope)]) == set(scope):
            return True
    return False


@pytest.mark.parametrize("form", LIST_FORMS, ids=lambda f: f.__name__)
def test_every_filter_field_is_declared(form):
    filters = {name for name in form.base_fields if name not in NOT_FILTERS}

    assert filters == set(form.filter_columns), "declare the column each filter reads in filter_columns"


@pytest.mark.parametrize("form", LIST_FORMS, ids=lambda f: f.__name__)
def test_every_filter_column_has_an_index(form):
    missing = [
        c for c in form.filter_columns.values() if not is_indexed(form.filter_model, c, form.scope_columns)
    ]

    assert not missing, f"{form.filter_model.__name__}: no index serves {missing}"


@pytest.mark.parametrize("form", LIST_FORMS, ids=lambda f: f.__name__)
def test_the_search_prefixes_and_the_page_order_have_an_index(form):
    columns = [*form.search_prefix, form.order_key]
    missing = [c for c in columns if not is_indexed(form.filter_model, c, form.scope_columns)]

    assert not missing, f"{form.filter_model.__name__}: no index serves {missing}"


@pytest.mark.parametrize("form", LIST_FORMS, ids=lambda f: f.__name__)
def test_the_in_force_filter_reads_the_start_date_from_the_order_index(form):
    """The page walks the index in key order and reads each row's start date from it."""
    scope = form.scope_columns
    assert any(
        _leads(fields, scope, form.order_key) and "valid_from" in fields
        for fields, _condition in _indexes(form.filter_model)
    )


def test_the_checker_tells_an_indexed_column_from_one_that_is_not():
    from sanad.catalog.models import Drug

    assert is_indexed(Drug, "code") and is_indexed(Drug, "costly")
    assert not is_indexed(Drug, "name") and not is_indexed(Drug, "valid_from")
