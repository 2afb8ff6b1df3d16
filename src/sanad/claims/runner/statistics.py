"""The server's statistics on the tables a run reads, refreshed before it starts (PostgreSQL).

The planner chooses each chunk's joins from the tables' statistics; after a bulk load (a day's batches,
an import of the register) they describe tables a fraction of their size, and the plans they give walk
whole tables: the same 60,000-file run took 598 s with stale statistics against 93 s with fresh ones
(issue #16 §3). Autovacuum is off on the fund's servers, so nothing else refreshes them: the run analyses
the tables whose rows changed more than the server's own threshold for an automatic ANALYZE
(`autovacuum_analyze_threshold` + `autovacuum_analyze_scale_factor` × rows), and only those.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import connection
from django.db.models import Model

from sanad.authorizations.models import AuthorizationRequest
from sanad.claims.models import (
    AuthorizationUse,
    BillingFile,
    CareSheet,
    CareSheetLine,
    ConditionRecognition,
    FileDecision,
    LineOutcome,
    PeerDay,
)
from sanad.common.bulk_sql import is_postgres
from sanad.providers.models import (
    AgreementEvent,
    AgreementPeriod,
    AgreementRequest,
    DirectBillingAccess,
    DirectBillingEvent,
    Facility,
)
from sanad.registry.models import Dependant, Member, RightsPeriod, SupportingCertificate

logger = logging.getLogger(__name__)

# What a chunk reads (`read*`, the anomaly signals, the history of each beneficiary, the notifications'
# receivers) and the catalogue behind the reference snapshots.
_READ: tuple[type[Model], ...] = (
    BillingFile,
    CareSheet,
    CareSheetLine,
    FileDecision,
    LineOutcome,
    AuthorizationUse,
    ConditionRecognition,
    PeerDay,
    Member,
    Dependant,
    RightsPeriod,
    SupportingCertificate,
    Facility,
    AgreementRequest,
    AgreementPeriod,
    AgreementEvent,
    DirectBillingAccess,
    DirectBillingEvent,
    AuthorizationRequest,
)

_STALE = """
SELECT relname FROM pg_stat_user_tables
WHERE schemaname = current_schema() AND relname = ANY(%s)
  AND n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float
      + current_setting('autovacuum_analyze_scale_factor')::float * n_live_tup
ORDER BY relname
"""


def run_tables() -> list[str]:
    """The tables a run reads."""
    models = [*_READ, *apps.get_app_config("catalog").get_models()]
    return sorted({model._meta.db_table for model in models})


def statistics_refresh() -> list[str]:
    """ANALYZE the tables of `run_tables` whose statistics are stale; the names of those analysed.

    Nothing on SQLite (its planner keeps no such statistics for these queries)."""
    if not is_postgres():
        return []
    with connection.cursor() as cursor:
        if not connection.in_atomic_block and connection.pg_version >= 150000:
            # Our own session's counts reach the shared statistics when it goes idle, at most once a
            # second: this makes the end of this statement flush them.
            cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(_STALE, [run_tables()])
        stale = [name for (name,) in cursor.fetchall()]
        for name in stale:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")
    if stale:
        logger.info("Statistics refreshed before the run: %s", ", ".join(stale))
    return stale
