"""Reading API clients: the key behind a request, the clients' list, a client's recent calls."""

from __future__ import annotations

import hmac
from typing import Any

from django.core.cache import cache
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from sanad.common.permissions import require, roles_of
from sanad.credentials.models import ApiCall, ApiClient, ApiKey
from sanad.credentials.services import KEY_CACHE_SECONDS, KEY_START, key_cache_name, key_digest

_RECENT_CALLS = 100
# The time of a client's latest call, read from the end of its index of calls.
_LAST_CALL = Subquery(ApiCall.objects.filter(client=OuterRef("pk")).order_by("-at").values("at")[:1])


def _key_held(prefix: str) -> ApiKey | None:
    """The key `prefix` with its client, account (its roles read) and facility: kept a few seconds in the
    cache, since every call of a facility's software asks for it; a change of the client forgets it."""
    held = cache.get(key_cache_name(prefix))
    if held is None:
        held = (
            ApiKey.objects.select_related("client", "client__account", "client__facility")
            .filter(prefix=prefix)
            .first()
        )
        if held is None:
            return None
        roles_of(held.client.account)  # read once, kept with the account
        cache.set(key_cache_name(prefix), held, KEY_CACHE_SECONDS)
    return held


def api_client_of_key(key: str) -> ApiClient | None:
    """The active client whose valid key `key` is, or None (compared in constant time every time)."""
    if not key.startswith(KEY_START) or len(key) > 128:
        return None
    prefix, _sep, _secret = key[len(KEY_START) :].partition("_")
    found = _key_held(prefix)
    if found is None or not hmac.compare_digest(found.digest, key_digest(key)):
        return None
    client = found.client
    now = timezone.now()
    if client.revoked_at is not None or (found.valid_until is not None and found.valid_until <= now):
        return None
    if not client.account.is_active:
        return None
    return client


def api_clients_list(*, user: Any) -> QuerySet[ApiClient]:
    """Every client with its facility, the active ones first (administrators only)."""
    require(user, "credentials.manage")
    return (
        ApiClient.objects.select_related("facility")
        .annotate(last_used_at=_LAST_CALL)
        .order_by("revoked_at", "facility__code", "name")
    )


def api_client_get(*, user: Any, pk: int) -> ApiClient:
    require(user, "credentials.manage")
    return ApiClient.objects.select_related("facility").annotate(last_used_at=_LAST_CALL).get(pk=pk)


def api_client_keys(*, client: ApiClient) -> list[ApiKey]:
    return list(client.keys.order_by("-created_at"))


def api_client_calls(*, client: ApiClient) -> list[ApiCall]:
    """The client's latest calls, newest first."""
    return list(ApiCall.objects.filter(client=client).order_by("-at", "-id")[:_RECENT_CALLS])
