"""Representative files of the demo facility, made through the services the pages call: care sheets
opened and billed at the desk, batches opened, filled, submitted and received, decided by the engine,
then by the claims checker and the medical adviser. One of each situation the desk and the fund's
queues show: drafts, an open batch, a submitted batch, requests for documents (answered or not), a file
reviewed line by line, files past their processing clock."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sanad.claims.demo.care import documents_needed
from sanad.claims.demo.episodes import Template
from sanad.claims.demo.scans import specimen_scan
from sanad.claims.models import Batch, BillingFile
from sanad.claims.services import (
    LineReview,
    batch_create,
    batch_files_add,
    batch_receive,
    batch_submit,
    billing_file_cancel,
    billing_file_create,
    billing_file_info_request,
    billing_file_reject,
    billing_file_review,
    billing_file_validate,
    billing_files_adjudicate,
    care_sheet_open,
    info_request_answer,
)
from sanad.claims.services.check import current_decision
from sanad.claims.services.documents import document_file
from sanad.claims.statuses import FileStatus, LineVerdict, ReviewReason
from sanad.common.permissions import Role

if TYPE_CHECKING:
    from sanad.claims.demo.load import DemoClaims

_DAY = datetime.timedelta(days=1)


def documents_attach(*, actor: Any, billing_file: BillingFile, kinds: Sequence[str]) -> None:
    """File the specimen scan of each kind with the file, as `file_document_upload` files a scan. The
    demo's scans are shared specimens, so that loading the demo adds no file to storage."""
    for kind in kinds:
        document_file(actor=actor, billing_file=billing_file, kind=kind, scan=specimen_scan(kind))


def _long(template: Template) -> bool:
    return any(quantity == 0 for _kind, _code, quantity in template.lines)


@dataclass(slots=True)
class Desk:
    """The demo facility's clerk, the fund's checker and medical adviser at work on representative files."""

    dc: DemoClaims
    made: list[BillingFile] = field(default_factory=list)

    @property
    def staff(self) -> Any:
        return self.dc.user(Role.FACILITY_STAFF)

    @property
    def checker(self) -> Any:
        return self.dc.user(Role.CLAIMS_CHECKER)

    @property
    def adviser(self) -> Any:
        return self.dc.user(Role.MEDICAL_ADVISER)

    def _template(self, care_type: str, long: bool, diagnosis: str) -> Template | None:
        choices = [
            t
            for t in self.dc.builder.templates_for(self.dc.facility)
            if t.care_type == care_type and _long(t) == long and diagnosis in ("", t.diagnosis)
        ]
        return self.dc.rng.choice(choices) if choices else None

    def bill(
        self,
        care_day: datetime.date,
        *,
        care_type: str = "outpatient",
        long: bool = False,
        missing: bool = False,
        covered: bool = True,
        diagnosis: str = "",
    ) -> BillingFile | None:
        """Open a care sheet at the desk, bill it the day after the care (or the discharge) with the engine's
        preview, and file its documents (all but one when `missing`)."""
        dc = self.dc
        made = None
        for _try in range(6):  # a file meant to lack a paper needs one to lack
            template = self._template(care_type, long, diagnosis)
            if template is None:
                return None
            made = dc.builder.episode(dc.facility, care_day, covered=covered, template=template)
            if made is not None and (made[1] or not missing):
                break
        if made is None:
            return None
        sheet_input, needed = made
        sheet = care_sheet_open(actor=self.staff, sheet=sheet_input)
        billed_on = min(dc.today, (sheet.discharge_date or sheet.care_date) + _DAY)
        number = self._invoice_number(billed_on.year)
        billing_file = billing_file_create(
            actor=self.staff, care_sheet_id=sheet.pk, invoice_number=number, on=billed_on
        )
        papers = list(needed)
        if missing and papers:
            papers.remove(dc.rng.choice(papers))
        documents_attach(actor=self.staff, billing_file=billing_file, kinds=papers)
        self.made.append(billing_file)
        return billing_file

    def cancel(self, billing_file: BillingFile | None, *, reason: str) -> None:
        """The clerk cancels a draft entered by mistake (kept with its care sheet and the reason)."""
        if billing_file is not None:
            billing_file_cancel(actor=self.staff, file_id=billing_file.pk, reason=reason)

    def _invoice_number(self, year: int) -> str:
        """The facility's next invoice number of the year, after those of the volume (`bulk`)."""
        prefix = f"FA-{year}-"
        taken = BillingFile.objects.filter(facility=self.dc.facility, invoice_number__startswith=prefix)
        numbers = taken.values_list("invoice_number", flat=True)
        last = max((int(n.removeprefix(prefix)) for n in numbers), default=0)
        return f"{prefix}{last + 1:05d}"

    def batch(
        self, files: Sequence[BillingFile | None], *, group: str, opened: datetime.date
    ) -> Batch | None:
        ids = [f.pk for f in files if f is not None]
        if not ids:
            return None
        batch = batch_create(actor=self.staff, group=group, on=opened)
        return batch_files_add(actor=self.staff, batch_id=batch.pk, file_ids=ids)

    def send_and_receive(
        self,
        batch: Batch | None,
        *,
        submitted: datetime.date,
        received: datetime.date | None,
        decide: bool = True,
    ) -> None:
        """Submit the batch; the reception desk registers it and the engine decides its files that night
        (`decide` False: tonight, by the background task `batch_receive` queued)."""
        if batch is None:
            return
        batch_submit(actor=self.staff, batch_id=batch.pk, on=submitted)
        if received is None:
            return
        batch_receive(actor=self.checker, batch_id=batch.pk, received_on=received, today=self.dc.today)
        if not decide:
            return
        ids = list(BillingFile.objects.filter(batch=batch).values_list("pk", flat=True))
        billing_files_adjudicate(actor=None, file_ids=ids, on=received)

    def ask(
        self, billing_file: BillingFile | None, on: datetime.date, *, answer_on: datetime.date | None
    ) -> None:
        """The checker asks for what the file lacks; the facility answers (or not yet)."""
        if billing_file is None or _status(billing_file) != FileStatus.ADMIN_CHECK:
            return
        sheet = billing_file.care_sheet
        needed = documents_needed(
            self.dc.ctx.profile, sheet.care_type, list(sheet.lines.all()), self.dc.builder.prices
        )
        lacking = sorted(set(needed) - set(billing_file.documents or []))
        request = billing_file_info_request(
            actor=self.checker,
            file_id=billing_file.pk,
            documents=lacking,
            message="Merci de transmettre les pièces manquantes. / يرجى إرسال الوثائق الناقصة.",
            on=on,
        )
        if answer_on is not None:
            # The demo facility's clerk answers for it; other facilities have no account: the system.
            clerk = self.staff if billing_file.facility_id == self.dc.facility.pk else None
            info_request_answer(
                actor=clerk,
                request_id=request.pk,
                answer="Pièces envoyées par courrier avec le bordereau suivant.",
                on=answer_on,
            )

    def validate(self, billing_file: BillingFile | None, on: datetime.date) -> None:
        if billing_file is not None and _status(billing_file) == FileStatus.ADMIN_CHECK:
            billing_file_validate(
                actor=self.checker, file_id=billing_file.pk, on=on, note="Pièces reçues par courrier."
            )

    def reject(self, billing_file: BillingFile | None, on: datetime.date) -> None:
        if billing_file is not None and _status(billing_file) == FileStatus.ADMIN_CHECK:
            billing_file_reject(
                actor=self.checker,
                file_id=billing_file.pk,
                reason=ReviewReason.DOCUMENTS_MISSING,
                note="Relance sans réponse.",
                on=on,
            )

    def review(self, billing_file: BillingFile | None, on: datetime.date) -> None:
        """The adviser reduces the stay's length to what the protocol expects and accepts the rest."""
        if billing_file is None or _status(billing_file) != FileStatus.MEDICAL_REVIEW:
            return
        billing_file_review(
            actor=self.adviser, file_id=billing_file.pk, lines=reduce_longest(billing_file), on=on
        )


def _status(billing_file: BillingFile) -> str:
    billing_file.refresh_from_db(fields=["status", "documents"])
    return billing_file.status


def reduce_longest(billing_file: BillingFile, *, share: Decimal = Decimal("0.7")) -> list[LineReview]:
    """The adviser's verdicts: the line the fund pays most on reduced to `share` of it (quantity above
    what the care required), every other line accepted."""
    outcomes = list(current_decision(billing_file).lines.all())
    paid = [o for o in outcomes if o.fund_share > 0]
    longest = max(paid, key=lambda o: (o.fund_share, -o.line_id), default=None)
    verdicts = []
    for outcome in outcomes:
        if outcome is longest:
            verdicts.append(
                LineReview(
                    line_id=outcome.line_id,
                    verdict=LineVerdict.REDUCE,
                    fund_share=(outcome.fund_share * share).quantize(Decimal("0.01")),
                    reason=ReviewReason.QUANTITY_EXCESSIVE,
                    note="Durée de séjour au-delà du protocole.",
                )
            )
        else:
            verdicts.append(LineReview(line_id=outcome.line_id, verdict=LineVerdict.ACCEPT))
    return verdicts


def desk_load(dc: DemoClaims) -> list[BillingFile]:
    """The demo facility's story of the last six weeks, oldest first; returns the files made."""
    desk = Desk(dc)
    t = dc.today
    outpatient = dc.ctx.profile.claims.batch_group_of("outpatient")
    inpatient = dc.ctx.profile.claims.batch_group_of("inpatient")

    def ago(days: int) -> datetime.date:
        return t - days * _DAY

    # Six weeks ago: an outpatient batch: one file validated at once, one whose papers came after a
    # request, one still waiting for them (overdue), one rejected for want of them.
    a = [
        desk.bill(ago(50)),
        desk.bill(ago(49), missing=True),
        desk.bill(ago(48), missing=True),
        desk.bill(ago(47), missing=True),
    ]
    desk.send_and_receive(
        desk.batch(a, group=outpatient, opened=ago(43)), submitted=ago(42), received=ago(40)
    )
    desk.ask(a[1], ago(37), answer_on=ago(33))
    desk.validate(a[1], ago(30))
    desk.ask(a[2], ago(36), answer_on=None)
    desk.ask(a[3], ago(36), answer_on=None)
    desk.reject(a[3], ago(20))
    # Long stays of the same weeks: one reviewed line by line, one still waiting (overdue).
    b = [
        desk.bill(ago(60), care_type="inpatient", long=True),
        desk.bill(ago(58), care_type="inpatient", long=True),
    ]
    desk.send_and_receive(desk.batch(b, group=inpatient, opened=ago(41)), submitted=ago(40), received=ago(38))
    desk.review(b[0], ago(28))
    # Last week: in the queues, within their clock; papers asked for.
    c = desk.bill(ago(15), missing=True)
    desk.send_and_receive(
        desk.batch([c], group=outpatient, opened=ago(11)), submitted=ago(10), received=ago(9)
    )
    desk.ask(c, ago(6), answer_on=None)
    d = desk.bill(ago(25), care_type="inpatient", long=True)
    desk.send_and_receive(desk.batch([d], group=inpatient, opened=ago(9)), submitted=ago(8), received=ago(7))
    # Today: glasses (a device) received this morning, which the engine decides tonight.
    g = desk.bill(ago(6), diagnosis="H52.1")
    desk.send_and_receive(
        desk.batch([g], group=outpatient, opened=ago(2)), submitted=ago(1), received=t, decide=False
    )
    # This week: a batch handed in, waiting at the fund's reception desk; an open batch; a draft.
    e = desk.bill(ago(9), care_type="day_hospital")
    desk.send_and_receive(desk.batch([e], group=inpatient, opened=ago(3)), submitted=ago(2), received=None)
    desk.batch([desk.bill(ago(3))], group=outpatient, opened=ago(1))
    desk.bill(ago(2), care_type="inpatient", missing=True)
    # A consultation entered twice: the second draft cancelled, kept with its reason, never sent.
    desk.cancel(desk.bill(ago(4)), reason="Saisie en double : la consultation était déjà facturée.")
    return desk.made
