"""Identity at enrollment: one valid document of the population's kinds, and a photo."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanad.funds.types import FundProfile
from sanad.registry.rules.verdict import OK, Dated, Verdict
from sanad.registry.vocabulary import IdentityProblem


def identity_check(profile: FundProfile, *, population: str, documents: Iterable[Dated], on: date) -> Verdict:
    """A person enrolls only with one document of their population's kinds, unexpired on `on`.

    Any one kind of the list suffices. Source: seed 003 (documents per population); profile `identity`.
    """
    kinds = profile.identity.documents_for(population)
    codes = {kind.code: kind for kind in kinds}
    held = [document for document in documents if document.kind in codes]
    for document in held:
        if not codes[document.kind].expires or (
            document.expires_on is not None and document.expires_on >= on
        ):
            return OK
    if not held:
        return Verdict(
            ok=False,
            reason=IdentityProblem.DOCUMENT_MISSING,
            missing=tuple(codes),
            message=_("An identity document is required, one of: %(documents)s.")
            % {"documents": ", ".join(kind.label.get_text() for kind in kinds)},
        )
    latest = max(held, key=lambda document: document.expires_on or date.min)
    return Verdict(
        ok=False,
        reason=IdentityProblem.DOCUMENT_EXPIRED,
        missing=tuple(codes),
        message=_("Expired identity document: %(document)s (expired on %(date)s).")
        % {
            "document": codes[latest.kind].label.get_text(),
            "date": date_format(latest.expires_on, "SHORT_DATE_FORMAT") if latest.expires_on else "",
        },
    )


def photo_check(profile: FundProfile, *, has_photo: bool) -> Verdict:
    """An identity document comes with a photo when the profile asks. Source: seed 003; `identity`."""
    if has_photo or not profile.identity.photo_required:
        return OK
    return Verdict(
        ok=False,
        reason=IdentityProblem.PHOTO_MISSING,
        missing=("photo",),
        message=_("A photo of the person is required."),
    )
