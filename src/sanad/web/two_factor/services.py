"""Every write of two-factor sign-in: setting up an authenticator app, backup codes, checking a code, and an
administrator's reset. Each write leaves an audit event on the account (never a secret nor a code)."""

from __future__ import annotations

import datetime
import re
from base64 import b32encode
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanad.common.audit import audit_record

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
_SPACING = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a code: the device that accepted it; or, when too many wrong codes came before, the
    code was not even checked and `retry_at` says when the next try is allowed."""

    device: Device | None
    retry_at: datetime.datetime | None = None


def code_clean(code: str) -> str:
    """A code as typed, without the spaces and dashes people put in (codes are shown in groups)."""
    return _SPACING.sub("", code or "").lower()


def totp_device_confirmed(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_set_up(user: Any) -> bool:
    """Whether the account has something to give a code with: an authenticator app or backup codes left."""
    return totp_device_confirmed(user) is not None or backup_codes_left(user) > 0


@transaction.atomic
def totp_device_pending(*, user: Any) -> TOTPDevice:
    """The app being set up: the same secret on every reload of the set-up page until a first code confirms
    it, so that a scan already made stays good."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The secret as the apps ask for it when typed by hand (base 32), in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_url(device: TOTPDevice, *, issuer: str) -> str:
    """The otpauth:// address of the QR code (Key Uri Format), with the fund's name as the issuer."""
    issuer = issuer.replace(":", "")
    label = f"{issuer}:{device.user.get_username()}"
    params = {
        "secret": b32encode(device.bin_key).decode("ascii").rstrip("="),
        "algorithm": "SHA1",
        "digits": device.digits,
        "period": device.step,
    }
    return f"otpauth://totp/{quote(label)}?{urlencode(params)}&issuer={quote(issuer)}"


def _retry_at(devices: list[Device]) -> datetime.datetime | None:
    """When the earliest of these throttled devices takes a code again (None: one takes it now)."""
    waits = []
    for device in devices:
        allowed, why = device.verify_is_allowed()
        if allowed:
            return None
        waits.append((why or {}).get("locked_until") or timezone.now())
    return min(waits) if waits else None


@transaction.atomic
def totp_device_confirm(*, user: Any, device_id: int, code: str) -> CodeCheck:
    """Confirm the app being set up with its first code; it then replaces any earlier app of the account."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        return CodeCheck(device=None)
    retry_at = _retry_at([device])
    if retry_at is not None:
        return CodeCheck(device=None, retry_at=retry_at)
    if not device.verify_token(code_clean(code)):
        return CodeCheck(device=None)
    replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0]
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=user, action="two_factor.set_up", obj=user, after={"app": device.pk, "replaced": replaced}
    )
    return CodeCheck(device=device)


@transaction.atomic
def backup_codes_renew(*, user: Any) -> list[str]:
    """Ten new backup codes, each good once; the earlier ones stop working. Only their holder sees them:
    the caller shows them once and keeps them nowhere."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < BACKUP_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=t) for t in codes])
    audit_record(actor=user, action="two_factor.backup_codes_renew", obj=user, after={"count": len(codes)})
    return codes


@transaction.atomic
def code_check(*, user: Any, code: str) -> CodeCheck:
    """Check a code given at sign-in: six figures against the authenticator app, anything else against the
    backup codes (each then used up). A wrong code makes the device wait before the next (django-otp)."""
    token = code_clean(code)
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    devices = [d for d in devices_for_user(user, confirmed=True, for_verify=True) if isinstance(d, kind)]
    if not devices:
        return CodeCheck(device=None)
    retry_at = _retry_at(devices)
    if retry_at is not None:
        return CodeCheck(device=None, retry_at=retry_at)
    for device in devices:
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return CodeCheck(device=device)
    return CodeCheck(device=None)


@transaction.atomic
def two_factor_reset(*, actor: Any, user: Any) -> int:
    """An administrator removes an account's app and backup codes (a lost or changed phone); the account sets
    up a new app at its next sign-in. Returns how many devices were removed."""
    type(user).objects.select_for_update().filter(pk=user.pk).first()
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    audit_record(
        actor=actor,
        action="two_factor.reset",
        obj=user,
        before={"devices": [type(d).__name__ for d in devices]},
        after={"devices": []},
    )
    return len(devices)
