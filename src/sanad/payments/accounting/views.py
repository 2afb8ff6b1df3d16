"""The download of a run's journal entries (CSV, or XLSX), for the fund's accounting software."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.export import export_response
from sanad.common.permissions import capability_required
from sanad.payments.accounting.journal import journal_rows
from sanad.payments.selectors import runs as selectors
from sanad.payments.statuses import RunStatus

HEADER = (
    gettext_lazy("Date"),
    gettext_lazy("Entry"),
    gettext_lazy("Account"),
    gettext_lazy("Third party"),
    gettext_lazy("Label"),
    gettext_lazy("Debit"),
    gettext_lazy("Credit"),
)


@login_required
@capability_required("payments.view")
def run_journal(request: Any, pk: int, fmt: str):
    """The run's journal entries, balanced, with the fund's chart of accounts codes."""
    run = selectors.run_get(user=request.user, run_id=pk)
    if run.status in (RunStatus.PREPARING, RunStatus.CANCELLED) or fmt not in ("csv", "xlsx"):
        raise Http404
    title = _("Journal %(run)s") % {"run": run.number}
    return export_response(fmt=fmt, title=title, header=HEADER, rows=journal_rows(run), day=run.on)
