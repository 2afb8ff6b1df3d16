"""Migrations that change a table's key keep its rows, forwards and backwards."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sanad.claims.models import LineOutcome

BEFORE = ("claims", "0006_decision_file_reference")
AFTER = ("claims", "0007_outcome_natural_key")
_COLUMNS = (
    "decision_id, line_id, status, billed, tariff, base, rate, fund_share, patient_share, penalty, findings"
)


def _migrate(target=None):
    """To `target`, or to the latest migration of every app."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_line_outcomes_keyed_by_decision_and_line_keep_their_rows():
    _migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            for decision, line in ((7, 70), (7, 71), (8, 70)):
                cursor.execute(
                    f"INSERT INTO claims_lineoutcome ({_COLUMNS}) "  # noqa: S608
                    "VALUES (%s, %s, 'accepted', 10.00, 10.00, 10.00, 0.8000, 8.00, 2.00, 0.00, '[]')",
                    [decision, line],
                )
        _migrate(AFTER)
        kept = LineOutcome.objects.order_by("decision_id", "line_id")
        assert [o.pk for o in kept] == [(7, 70), (7, 71), (8, 70)]
        assert LineOutcome.objects.get(pk=(7, 71)).fund_share + kept[1].patient_share == kept[1].billed
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, decision_id, line_id FROM claims_lineoutcome ORDER BY decision_id, line_id"
            )
            rows = cursor.fetchall()
        assert [r[1:] for r in rows] == [(7, 70), (7, 71), (8, 70)]
        assert len({r[0] for r in rows}) == 3  # every row numbered again
    finally:
        _migrate()
