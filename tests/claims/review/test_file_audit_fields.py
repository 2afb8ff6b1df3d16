"""The audit trail on a file's page reads as names and values, not as raw JSON."""

from sanad.claims.views.review_context import audit_fields


def test_values_read_as_names_and_values():
    fields = audit_fields(
        {"status": "validated", "fund_share": "900.00", "reasons": ["no_rights"], "decision": 7}
    )

    assert fields == [
        ("decision", "7"),
        ("fund_share", "900.00"),
        ("reasons", '["no_rights"]'),
        ("status", "validated"),
    ]


def test_nothing_before_reads_as_nothing():
    assert audit_fields(None) == []
    assert audit_fields(["a"]) == [("", '["a"]')]
