"""The pages of two-factor sign-in: the code after the password, setting up the app, the backup codes, and
the administrators' page to reset an account's app. Thin: the writes are in services."""

from __future__ import annotations

from typing import Any

import segno
from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanad.common.permissions import Role, has_role
from sanad.funds.active import active_profile
from sanad.web.two_factor import services
from sanad.web.two_factor.forms import AppCodeForm, SignInCodeForm
from sanad.web.two_factor.rules import TWO_FACTOR_ROLES

NEW_CODES_KEY = "two_factor_new_codes"
PENDING_APP_KEY = "two_factor_pending_app"
ACCOUNTS_SHOWN = 300


def _next(request: HttpRequest) -> str:
    """The page asked for before the code, if it is one of this site's; else the home page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("home")


def _verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def _wait_message(retry_at: Any) -> str:
    # The clock time rather than a count of seconds: no plural to agree, in any language.
    when = date_format(timezone.localtime(retry_at), "H:i:s")
    return _("Too many wrong codes: you can type a code again from %(time)s.") % {"time": when}


def _signed_in_with(request: HttpRequest, device: Any) -> None:
    # A new session key once the second factor is given, as Django does after the password.
    request.session.cycle_key()
    otp_login(request, device)
    # The wrong codes counted as failed logins (django-axes) are forgiven, as a good password forgives them.
    axes_reset(username=request.user.get_username())


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code asked after the password."""
    user = request.user
    if _verified(request):
        return redirect(_next(request))
    if not services.two_factor_set_up(user):
        return redirect(f"{reverse('two_factor:set_up')}?{urlencode({'next': _next(request)})}")
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.code_check(user=user, code=form.cleaned_data["given"])
        if check.device is not None:
            _signed_in_with(request, check.device)
            if isinstance(check.device, StaticDevice):
                left = services.backup_codes_left(user)
                messages.warning(
                    request,
                    _("You used a backup code. Backup codes left: %(left)s.") % {"left": left},
                )
            return redirect(_next(request))
        if check.retry_at is not None:
            form.add_error(form.cleaned_data["field"], _wait_message(check.retry_at))
        else:
            if form.cleaned_data["field"] == "code":
                wrong = _(
                    "This code is not right. Type the code the app shows now (it changes every 30 seconds)."
                )
            else:
                wrong = _("This backup code is not right, or it was used already.")
            form.add_error(form.cleaned_data["field"], wrong)
            # A wrong code counts as a failed login: after too many, the account is locked (django-axes)
            # and signed out, as after wrong passwords.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=request
            )
            if getattr(request, "axes_locked_out", False):
                logout(request)
    return render(request, "web/two_factor/verify.html", {"form": form, "next": _next(request)})


@login_required
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code, the secret to type by hand, and a first code to confirm."""
    user = request.user
    # Replacing an app already set up asks for a code from it (or a backup code) first.
    if services.two_factor_set_up(user) and not _verified(request):
        return redirect(f"{reverse('two_factor:verify')}?{urlencode({'next': _next(request)})}")
    device = services.totp_device_pending(user=user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.totp_device_confirm(user=user, device_id=device.pk, code=form.cleaned_data["code"])
        if check.device is not None:
            _signed_in_with(request, check.device)
            request.session[NEW_CODES_KEY] = services.backup_codes_renew(user=user)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(f"{reverse('two_factor:backup_codes')}?{urlencode({'next': _next(request)})}")
        if check.retry_at is not None:
            form.add_error("code", _wait_message(check.retry_at))
        else:
            form.add_error(
                "code",
                _("This code is not right. Check the time on the phone, then type the code it shows now."),
            )
    url = services.totp_url(device, issuer=active_profile().short_name)
    context = {
        "form": form,
        "next": _next(request),
        "qr_svg": segno.make(url, error="m").svg_inline(scale=5, light="#fff", omitsize=False),
        "secret": services.totp_secret(device),
        "replacing": services.totp_device_confirmed(user) is not None,
        "issuer": active_profile().short_name,
    }
    return render(request, "web/two_factor/set_up.html", context)


@login_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    """The new backup codes, shown once; then only how many are left, and a way to make new ones."""
    user = request.user
    if request.method == "POST":
        if not _verified(request):
            raise PermissionDenied("two_factor.backup_codes")
        request.session[NEW_CODES_KEY] = services.backup_codes_renew(user=user)
        return redirect(f"{reverse('two_factor:backup_codes')}?{urlencode({'next': _next(request)})}")
    codes = request.session.pop(NEW_CODES_KEY, None)
    context = {
        "codes": [f"{c[:4]} {c[4:]}".upper() for c in codes or []],
        "left": services.backup_codes_left(user),
        "verified": _verified(request),
        "next": _next(request),
    }
    return render(request, "web/two_factor/backup_codes.html", context)


def _administrator(request: HttpRequest) -> None:
    if not has_role(request.user, Role.ADMINISTRATOR):
        raise PermissionDenied("two_factor.reset")


@login_required
def accounts(request: HttpRequest) -> HttpResponse:
    """The accounts that must give a code, whether their app is set up, and a reset for a lost phone."""
    _administrator(request)
    query = (request.GET.get("q") or "").strip()[:80]
    found = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=[r.value for r in TWO_FACTOR_ROLES])
        )
        .distinct()
        .order_by("username")
    )
    if query:
        found = found.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query)
        )
    found = found.prefetch_related("groups").annotate(
        app_since=Subquery(
            TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
            .order_by("-pk")
            .values("created_at")[:1]
        ),
        codes_left=Count("staticdevice__token_set", filter=Q(staticdevice__confirmed=True), distinct=True),
    )
    rows = []
    for account in found[:ACCOUNTS_SHOWN]:
        names = {g.name for g in account.groups.all()} | (
            {Role.ADMINISTRATOR.value} if account.is_superuser else set()
        )
        rows.append(
            {
                "account": account,
                "roles": ", ".join(str(r.label) for r in Role if r.value in names),
                "app_since": account.app_since,
                "left": account.codes_left,
            }
        )
    return render(request, "web/two_factor/accounts.html", {"rows": rows, "q": query})


@require_POST
@login_required
def reset(request: HttpRequest, user_id: int) -> HttpResponse:
    _administrator(request)
    account = get_object_or_404(get_user_model(), pk=user_id)
    services.two_factor_reset(actor=request.user, user=account)
    name = account.get_full_name() or account.get_username()
    messages.success(
        request,
        _("The app and backup codes of %(name)s are removed: a new app is set up at the next log-in.")
        % {"name": name},
    )
    return redirect("two_factor:accounts")
