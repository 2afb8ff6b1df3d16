"""Billing files, their documents, the fund's requests for papers and the decisions on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.claims.models.batches import Batch
from sanad.claims.models.sheets import CareSheet, CareSheetLine
from sanad.claims.statuses import (
    Channel,
    DecisionSource,
    DocumentKind,
    FileStatus,
    Outcome,
    PayeeChoice,
    RoutingChoice,
    SubmittedVia,
)
from sanad.providers.models import Facility

_MONEY = {"max_digits": 14, "decimal_places": 2}


class BillingFile(models.Model):
    """The facility's invoice for one care sheet (dossier de facturation), and its place in the pipeline."""

    care_sheet = models.OneToOneField(CareSheet, on_delete=models.PROTECT, related_name="billing_file")
    # A copy of the sheet's facility: the invoice number is unique per facility. No index of its own: the
    # composite indexes below start with it (every index is rewritten when a file changes status).
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="billing_files", db_index=False
    )
    invoice_number = models.CharField(_("invoice number"), max_length=40)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.DIRECT_BILLING
    )
    # Codes of the supporting documents present (prescription, results, operating report…).
    documents = models.JSONField(_("documents present"), default=list, blank=True)
    submitted_via = models.CharField(
        _("submitted by"), max_length=16, choices=SubmittedVia.choices, default=SubmittedVia.FACILITY
    )
    # Indexed only where set (see Meta): most files travel without a batch.
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("batch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
        db_index=False,
    )
    # The day the fund received the file: the time bar is judged on it, the processing clock starts on it.
    received_on = models.DateField(_("received on"), null=True, blank=True)
    # The end of the processing clock (30 days in every fund's procedure), set on receipt.
    due_on = models.DateField(_("to be processed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=FileStatus.choices, default=FileStatus.RECEIVED
    )
    # The engine's preview of the shares when the facility billed (not binding: the fund decides on receipt).
    preview_fund_share = models.DecimalField(_("fund share (preview)"), null=True, blank=True, **_MONEY)
    preview_patient_share = models.DecimalField(_("patient share (preview)"), null=True, blank=True, **_MONEY)
    created_at = models.DateTimeField(auto_now_add=True)
    # Not indexed: nothing reads files by their author, and each index costs every change of status.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("billing file")
        verbose_name_plural = _("billing files")
        ordering = ["received_on", "id"]
        indexes = [
            # The fund's work queues: files of a status, oldest received first.
            models.Index(fields=["status", "received_on", "id"], name="claims_file_queue_idx"),
            # A facility's own files by status.
            models.Index(fields=["facility", "status", "received_on"], name="claims_file_facility_idx"),
            # A facility's files, newest first (its desk list), and by batch.
            models.Index(fields=["facility", "-id"], name="claims_file_facility_new_idx"),
            # Files past their processing clock, per status.
            models.Index(fields=["status", "due_on", "id"], name="claims_file_due_idx"),
            # A batch's files (its slip, its receipt).
            models.Index(fields=["batch"], condition=Q(batch__isnull=False), name="claims_file_batch_idx"),
            # The search box: a file by the invoice number the caller reads out.
            models.Index(fields=["invoice_number"], name="claims_file_invoice_idx"),
            # The reimbursement files (a few of all), oldest received first: only they are in it.
            models.Index(
                fields=["received_on", "id"],
                condition=Q(channel="reimbursement"),
                name="claims_file_reimb_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["facility", "invoice_number"], name="claims_invoice_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_number} ({self.get_status_display()})"

    @property
    def authorizations_used(self) -> list:
        """The prior authorizations the file's lines used, with their request and decision, by line."""
        return list(
            self.authorization_uses.select_related("request", "decision", "line").order_by("line__line_no")
        )


def _document_path(instance: FileDocument, filename: str) -> str:
    return f"claims/documents/{instance.billing_file_id}/{filename}"


class FileDocument(models.Model):
    """A supporting document of a billing file (a scan). The confidential medical envelope is stored apart
    and served only to medical advisers."""

    billing_file = models.ForeignKey(BillingFile, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    confidential = models.BooleanField(_("confidential"), default=False)
    scan = models.FileField(_("scan"), upload_to=_document_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["billing_file_id", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.billing_file_id}: {self.get_kind_display()}"


class InfoRequest(models.Model):
    """The checker's request to the facility for missing or inconsistent papers. It pauses nothing: the
    processing clock runs on; the request and its answer are recorded."""

    billing_file = models.ForeignKey(BillingFile, on_delete=models.CASCADE, related_name="info_requests")
    asked_on = models.DateField(_("asked on"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    documents = models.JSONField(_("documents asked for"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("request for documents")
        verbose_name_plural = _("requests for documents")
        ordering = ["-asked_on", "-id"]
        indexes = [models.Index(fields=["billing_file", "answered_on"], name="claims_inforeq_file_idx")]

    def __str__(self) -> str:
        return f"{self.billing_file_id} {self.asked_on}"


class FileDecision(models.Model):
    """The engine's decision on a billing file. A file decided again keeps its former decisions, not
    current."""

    # Not checked by the database, as the outcomes' references below: the runner writes tens of thousands
    # of decisions a chunk, each for a file it has just locked in the same transaction, and each check at
    # commit would lock that file again. A file with a decision has been sent to the fund and is never
    # deleted; Django still cascades a deletion, as it does for every reference.
    billing_file = models.ForeignKey(
        BillingFile, on_delete=models.CASCADE, related_name="decisions", db_constraint=False
    )
    is_current = models.BooleanField(_("current"), default=True)
    # Who decided: the engine, a claims checker or a medical adviser (then `decided_by` and `note`).
    source = models.CharField(
        _("decided by"), max_length=16, choices=DecisionSource.choices, default=DecisionSource.ENGINE
    )
    # Not indexed: nothing reads decisions by their author, and the engine writes hundreds of thousands a day.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    note = models.TextField(_("note"), blank=True)
    # The anomaly signals raised on the file when it was decided (same day elsewhere, burst, peers).
    anomalies = models.JSONField(_("anomaly signals"), default=list, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    routing = models.CharField(_("routing"), max_length=24, choices=RoutingChoice.choices)
    payee = models.CharField(_("payee"), max_length=16, choices=PayeeChoice.choices)
    currency = models.CharField(_("currency"), max_length=3)
    billed = models.DecimalField(_("billed amount"), **_MONEY)
    fund_share = models.DecimalField(_("fund share"), **_MONEY)
    patient_share = models.DecimalField(_("patient share"), **_MONEY)
    penalty = models.DecimalField(_("penalty"), **_MONEY)
    # File-level findings: [{"code", "rule", "params": {…}}], parameters as JSON-safe values.
    findings = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("file decision")
        verbose_name_plural = _("file decisions")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["billing_file"], condition=Q(is_current=True), name="claims_one_current_decision"
            ),
        ]
        # The dashboards' computation of a day and the list of decided files read the day's decisions.
        indexes = [models.Index(fields=["decided_on", "id"], name="claims_decision_day_idx")]

    def __str__(self) -> str:
        return f"{self.billing_file_id}: {self.status} → {self.routing}"


class LineOutcome(models.Model):
    """The engine's decision on one line: status, amounts and reasons."""

    # Written by the runner three to a file: checked by the database, these two references cost the run
    # more than all its other writes at commit (each check locks the row it points to). The runner writes
    # them from the rows it has just read or written in the same transaction, and neither decisions nor the
    # lines of a file sent to the fund are ever deleted (the file protects its sheet), so they hold.
    # Keyed by (decision, line), its natural key: one index, which starts with the decision (nothing looks
    # an outcome up by its line alone), where a key of its own would cost a second index and a sequence on
    # every line the engine decides.
    pk = models.CompositePrimaryKey("decision", "line")
    decision = models.ForeignKey(
        FileDecision, on_delete=models.CASCADE, related_name="lines", db_index=False, db_constraint=False
    )
    line = models.ForeignKey(
        CareSheetLine, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    status = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    billed = models.DecimalField(_("billed amount"), **_MONEY)
    tariff = models.DecimalField(_("tariff"), **_MONEY)
    base = models.DecimalField(_("base"), **_MONEY)
    rate = models.DecimalField(_("coverage rate"), max_digits=5, decimal_places=4)
    fund_share = models.DecimalField(_("fund share"), **_MONEY)
    patient_share = models.DecimalField(_("patient share"), **_MONEY)
    penalty = models.DecimalField(_("penalty"), **_MONEY)
    findings = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("line outcome")
        verbose_name_plural = _("line outcomes")
        ordering = ["decision_id", "line_id"]

    def __str__(self) -> str:
        return f"{self.line_id}: {self.status}"
