"""What the pages of prior authorization share: the request the user may see, its form in plain words,
the person it is for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sanad.authorizations import selectors
from sanad.authorizations.form_values import field_key, typed
from sanad.authorizations.models import AuthorizationRequest
from sanad.common.errors import DomainError
from sanad.funds.types import FundProfile


def visible(request: Any, reference: str) -> AuthorizationRequest:
    """The request by its reference if the user may see it; otherwise it does not exist for them."""
    try:
        return selectors.request_get(user=request.user, reference=reference)
    except DomainError as error:
        raise Http404(error.message) from error


def form_error(form: Any, error: DomainError) -> None:
    """A broken rule shown beside its field, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def person_name(person: Any) -> str:
    """A member's or dependant's name in the reader's script when the register has it."""
    if person is None:
        return ""
    if (get_language() or "").startswith("ar") and person.full_name_ar:
        return str(person.full_name_ar)
    return str(person.full_name)


@dataclass(frozen=True, slots=True)
class Shown:
    label: str
    text: str


def _text(field: Any, raw: str) -> str:
    value = typed(field, raw)
    if isinstance(value, datetime.date):
        text = date_format(value, "d/m/Y")
    elif isinstance(value, int | Decimal):
        text = number_format(value, force_grouping=True)
    elif field.type == "choice":
        try:
            text = field.choice(value).label.get_text()
        except KeyError:
            text = value
    else:
        text = value
    return f"{text} {field.unit}" if field.unit else text


def values_shown(profile: FundProfile, request: AuthorizationRequest) -> list[Shown]:
    """The request's form as the facility filled it, each value in the reader's format."""
    catalogue = profile.authorization_requests
    request_type = catalogue.type(request.request_type)
    shown = []
    for code in request_type.fields:
        if code in request.values:
            field = catalogue.field(code)
            shown.append(Shown(field.label.get_text(), _text(field, request.values[code])))
    if request.body_surface_area is not None:
        area = number_format(request.body_surface_area, 2)
        shown.append(Shown(_("Body surface area (Mosteller formula)"), f"{area} m²"))
    return shown


__all__ = ["field_key", "form_error", "person_name", "values_shown", "visible"]
