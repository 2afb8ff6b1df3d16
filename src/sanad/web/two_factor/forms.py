"""The code fields: six figures from the authenticator app, or a backup code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.web.two_factor.services import code_clean


def _code_input(*, numeric: bool) -> forms.TextInput:
    attrs = {"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false", "dir": "ltr"}
    if numeric:
        attrs.update(inputmode="numeric", pattern="[0-9 ]*", maxlength="7")
    else:
        attrs.update(maxlength="20")
    return forms.TextInput(attrs=attrs)


class AppCodeForm(forms.Form):
    """The first code of the app being set up."""

    code = forms.CharField(label=_("Code shown by the app"), max_length=7, widget=_code_input(numeric=True))

    def clean_code(self) -> str:
        code = code_clean(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("The code has 6 figures."))
        return code


class SignInCodeForm(forms.Form):
    """The code asked after the password: from the app, or one of the backup codes."""

    code = forms.CharField(
        label=_("Code shown by the app"), max_length=7, required=False, widget=_code_input(numeric=True)
    )
    code.widget.attrs["autofocus"] = True
    backup_code = forms.CharField(
        label=_("Backup code"), max_length=20, required=False, widget=_code_input(numeric=False)
    )

    def clean(self) -> dict:
        data = super().clean()
        code = code_clean(data.get("code", ""))
        backup = code_clean(data.get("backup_code", ""))
        if code and not (code.isdigit() and len(code) == 6):
            self.add_error("code", _("The code has 6 figures."))
        elif not code and not backup:
            self.add_error("code", _("Type the code shown by the app."))
        data["given"] = code or backup
        data["field"] = "code" if code else "backup_code"
        return data
