"""The demo's API client: the software of the demo's regional hospital, with every scope, so that the
integrators' pages can be tried at once (`sanad demo` prints its key, once: only its digest is kept)."""

from __future__ import annotations

from sanad.common.demo import DemoContext
from sanad.credentials.scopes import Scope
from sanad.credentials.services import api_client_create
from sanad.providers.selectors import facility_of_user


def api_client_load(ctx: DemoContext) -> None:
    staff, admin = ctx.users.get("facility_staff"), ctx.users.get("administrator")
    facility = facility_of_user(user=staff) if staff is not None else None
    if facility is None or admin is None:
        return
    _client, ctx.api_key = api_client_create(
        actor=admin,
        name="Logiciel de l'hôpital (démonstration)",
        facility=facility,
        scopes=[scope.value for scope in Scope],
    )
    ctx.counts["API clients"] = 1
