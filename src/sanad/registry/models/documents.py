"""Identity documents of members and dependants, and the certificates that keep a dependant covered."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.registry.models.people import Dependant, Member
from sanad.registry.vocabulary import CertificateKind


class IdentityDocument(models.Model):
    """A document proving a person's identity; `kind` is a code of the profile's `identity.documents`."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    dependant = models.ForeignKey(
        Dependant, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=40)
    number = models.CharField(_("number"), max_length=40)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    scan = models.FileField(_("scan"), upload_to="registry/documents/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering = ["id"]
        indexes = [
            # Duplicate persons share a document number (register quality control).
            models.Index(fields=["number", "kind"], name="registry_doc_number"),
            models.Index(fields=["expires_on"], name="registry_doc_expires"),
        ]
        constraints = [
            # A document belongs to exactly one person: a member or a dependant.
            models.CheckConstraint(
                condition=Q(member__isnull=False, dependant__isnull=True)
                | Q(member__isnull=True, dependant__isnull=False),
                name="registry_doc_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class SupportingCertificate(models.Model):
    """A certificate on file for a dependant, valid from `issued_on` to `expires_on` (open when empty)."""

    dependant = models.ForeignKey(Dependant, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("kind"), max_length=40, choices=CertificateKind.choices)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    scan = models.FileField(_("scan"), upload_to="registry/certificates/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supporting certificate")
        verbose_name_plural = _("supporting certificates")
        ordering = ["dependant_id", "kind", "issued_on"]
        indexes = [
            # rights_on asks "does this dependant hold a valid certificate of this kind on that day".
            models.Index(fields=["dependant", "kind", "expires_on"], name="registry_cert_lookup"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="registry_cert_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.issued_on})"
