"""Creating, rotating and revoking API clients' keys; recording their calls. Administrators only."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import require
from sanad.credentials.models import ApiCall, ApiClient, ApiKey
from sanad.credentials.scopes import scopes_clean
from sanad.providers.models import Facility
from sanad.providers.services.facilities import facility_staff_assign

# A key reads `sk_<prefix>_<secret>`: the prefix finds the key, the secret (256 bits) proves it.
KEY_START = "sk_"
_PREFIX_BYTES = 6
_SECRET_BYTES = 32
# How long a rotated key may still be used, at most (the facility deploys the new one meanwhile).
OVERLAP_MAX = datetime.timedelta(days=7)


# How long a key's lookup is kept in the cache. A change of its client (revoked, rotated, scopes) forgets it
# at once in the cache the processes share (SANAD_CACHE_URL); with each process's own memory, the other
# processes see the change within this time.
KEY_CACHE_SECONDS = 10


def key_cache_name(prefix: str) -> str:
    return f"credentials:key:{prefix}"


def _keys_forget(client: ApiClient) -> None:
    """Forget the cached lookups of the client's keys now and once the change commits (a call in between
    would have cached the state before it)."""
    names = [key_cache_name(prefix) for prefix in client.keys.values_list("prefix", flat=True)]
    cache.delete_many(names)
    transaction.on_commit(lambda: cache.delete_many(names))


def key_digest(key: str) -> str:
    """The SHA-256 of a key: the key has 256 random bits, so a fast hash is enough to keep it safe."""
    return hashlib.sha256(key.encode()).hexdigest()


def _key_new(client: ApiClient) -> str:
    prefix = secrets.token_hex(_PREFIX_BYTES)
    key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(_SECRET_BYTES)}"
    ApiKey.objects.create(client=client, prefix=prefix, digest=key_digest(key))
    return key


def _scopes_checked(scopes: list[str]) -> list[str]:
    cleaned = scopes_clean(scopes)
    if not cleaned or len(cleaned) != len(set(scopes)):
        raise DomainError(
            ErrorCode.INVALID, _("Choose at least one scope among those offered."), field="scopes"
        )
    return cleaned


@transaction.atomic
def api_client_create(
    *, actor: Any, name: str, facility: Facility, scopes: list[str]
) -> tuple[ApiClient, str]:
    """A new client of `facility` with its first key; the key is returned once and never shown again."""
    require(actor, "credentials.manage")
    name = name.strip()
    if not name:
        raise DomainError(ErrorCode.REQUIRED, field="name")
    cleaned = _scopes_checked(scopes)
    account = get_user_model().objects.create_user(username=f"api-{secrets.token_hex(8)}", password=None)
    facility_staff_assign(actor=actor, user=account, facility=facility)
    client = ApiClient.objects.create(
        name=name, facility=facility, account=account, scopes=cleaned, created_by=actor
    )
    key = _key_new(client)
    audit_record(
        actor=actor,
        action="api_client_create",
        obj=client,
        after={"name": name, "facility": facility.code, "scopes": cleaned},
    )
    return client, key


def _locked(client: ApiClient) -> ApiClient:
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if locked.revoked_at is not None:
        raise DomainError(ErrorCode.CONFLICT, _("This client was revoked: create a new one."))
    return locked


@transaction.atomic
def api_key_rotate(*, actor: Any, client: ApiClient, overlap: datetime.timedelta) -> str:
    """A new key for `client`; its current keys stay valid for `overlap` (at most a week), then stop."""
    require(actor, "credentials.manage")
    if not datetime.timedelta(0) <= overlap <= OVERLAP_MAX:
        raise DomainError(ErrorCode.INVALID, _("The overlap lasts from 0 to 7 days."), field="overlap")
    client = _locked(client)
    now = timezone.now()
    until = now + overlap
    current = client.keys.filter(valid_until__isnull=True) | client.keys.filter(valid_until__gt=until)
    ended = list(current.values_list("prefix", flat=True))
    ApiKey.objects.filter(client=client, prefix__in=ended).update(valid_until=until)
    _keys_forget(client)
    key = _key_new(client)
    audit_record(
        actor=actor,
        action="api_key_rotate",
        obj=client,
        before={"keys": ended},
        after={"valid_until": until},
    )
    return key


@transaction.atomic
def api_client_revoke(*, actor: Any, client: ApiClient, reason: str) -> ApiClient:
    """Stop `client` at once: every key refused from now on, its account closed; the calls stay recorded."""
    require(actor, "credentials.manage")
    reason = reason.strip()
    if not reason:
        raise DomainError(ErrorCode.REQUIRED, _("Say why the client is revoked."), field="reason")
    client = _locked(client)
    now = timezone.now()
    client.keys.filter(valid_until__isnull=True).update(valid_until=now)
    client.keys.filter(valid_until__gt=now).update(valid_until=now)
    client.revoked_at, client.revoked_reason = now, reason[:255]
    client.save(update_fields=["revoked_at", "revoked_reason"])
    account = client.account
    account.is_active = False
    account.save(update_fields=["is_active"])
    _keys_forget(client)
    audit_record(actor=actor, action="api_client_revoke", obj=client, after={"reason": reason})
    return client


@transaction.atomic
def api_client_scopes_change(*, actor: Any, client: ApiClient, scopes: list[str]) -> ApiClient:
    """Give `client` the scopes `scopes` (at least one)."""
    require(actor, "credentials.manage")
    cleaned = _scopes_checked(scopes)
    client = _locked(client)
    before = list(client.scopes)
    client.scopes = cleaned
    client.save(update_fields=["scopes"])
    _keys_forget(client)
    audit_record(
        actor=actor,
        action="api_client_scopes_change",
        obj=client,
        before={"scopes": before},
        after={"scopes": cleaned},
    )
    return client


def api_call_record(*, client_id: int, method: str, path: str, status: int, at: datetime.datetime) -> None:
    """Record one call of a client (one insert, in its own transaction: the answer is already given).

    On PostgreSQL the commit does not wait for the disk (about 4 ms of each call's 12): a crash of the
    database server may lose the last fraction of a second of call records, never anything else.
    """
    values = [client_id, at, method[:8], path[:255], status]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The transaction, its setting and the insert in one round trip to the server (four otherwise: a
        # fifth of the rights check's time); the parameters are bound by the client, as Django does.
        table = connection.ops.quote_name(ApiCall._meta.db_table)
        insert = f"INSERT INTO {table} (client_id, at, method, path, status) VALUES (%s, %s, %s, %s, %s)"  # noqa: S608 - the model's table
        sql = f"BEGIN; SET LOCAL synchronous_commit TO OFF; {insert}; COMMIT"
        with connection.cursor() as cursor:
            try:
                cursor.execute(sql, values)
            except BaseException:
                cursor.execute("ROLLBACK")  # the session is left in no transaction, whatever failed
                raise
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        ApiCall.objects.create(client_id=client_id, at=at, method=method[:8], path=path[:255], status=status)
