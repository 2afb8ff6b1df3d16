"""The home page: one per role, each showing that role's real figures; the login page's form."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.shortcuts import render
from django.utils import timezone

from sanad.web.dashboards import home_context


@login_required
def home(request):
    return render(request, "web/home.html", home_context(user=request.user, today=timezone.localdate()))


class LoginForm(AuthenticationForm):
    """The login form: a username longer than the account's column is refused as a field error before any
    look-up, so that neither authentication nor the record of failed attempts (django-axes) sees it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
        field = self.fields["username"]
        field.max_length = limit
        field.widget.attrs["maxlength"] = str(limit)
        field.validators = [v for v in field.validators if not hasattr(v, "limit_value")]
        field.validators.append(MaxLengthValidator(limit))
