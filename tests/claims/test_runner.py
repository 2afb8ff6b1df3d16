"""The batch runner: received files decided chunk after chunk, by the decider the service uses."""

import datetime
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from sanad.claims import signals
from sanad.claims.anomalies import PEER_AVERAGE, peer_averages_forget
from sanad.claims.models import BillingFile, FileDecision, LineOutcome
from sanad.claims.runner import decide as runner
from sanad.claims.runner.decide import claims_adjudicate_run
from sanad.claims.selectors import billing_file_decision
from sanad.common.models import AuditEvent
from sanad.notifications.models import Message
from sanad.registry.models import Member
from tests.claims.conftest import make_member
from tests.claims.test_anomalies import dear_centre

TODAY = datetime.date(2026, 4, 5)
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="locks and processes")


@pytest.fixture(autouse=True)
def _fresh_peers():
    peer_averages_forget()
    yield
    peer_averages_forget()


def reasons(billing_file: BillingFile) -> set[str]:
    decision = billing_file_decision(file_id=billing_file.pk)
    found = {f["code"] for f in decision.findings}
    for outcome in decision.lines.all():
        found |= {f["code"] for f in outcome.findings}
    return found


def statuses(files: list[BillingFile]) -> list[str]:
    by_id = dict(BillingFile.objects.filter(pk__in=[f.pk for f in files]).values_list("id", "status"))
    return [by_id[f.pk] for f in files]


def test_the_runner_decides_every_received_file_chunk_after_chunk(bill):
    covered = [bill(make_member()) for _ in range(4)]
    uncovered = bill(make_member(covered=False))

    result = claims_adjudicate_run(on=TODAY, chunk=2)

    assert (result.files, result.lines, result.chunks) == (5, 5, 3)
    assert statuses([*covered, uncovered]) == ["validated"] * 4 + ["rejected"]
    assert dict(result.statuses) == {"validated": 4, "rejected": 1}
    assert FileDecision.objects.filter(is_current=True, source="engine").count() == 5
    assert LineOutcome.objects.count() == 5


def test_a_rerun_changes_nothing_already_decided(bill, covered_member):
    first = bill(covered_member)
    claims_adjudicate_run(on=TODAY)
    decision = billing_file_decision(file_id=first.pk)

    again = claims_adjudicate_run(on=TODAY + datetime.timedelta(days=1))

    assert (again.files, again.chunks) == (0, 0)
    assert list(FileDecision.objects.values_list("id", flat=True)) == [decision.pk]


def test_the_history_holds_the_files_decided_in_earlier_chunks(bill, covered_member):
    first = bill(covered_member, received_on=datetime.date(2026, 4, 1))
    again = bill(covered_member, received_on=datetime.date(2026, 4, 2))

    claims_adjudicate_run(on=TODAY, chunk=1)

    assert statuses([first, again]) == ["validated", "rejected"]
    assert "duplicate_already_paid" in reasons(again)


def test_every_decision_is_audited_with_its_status(bill, checker):
    billing_file = bill(make_member())

    claims_adjudicate_run(on=TODAY, actor=checker)

    event = AuditEvent.objects.get(action="billing_files_adjudicate", object_id=str(billing_file.pk))
    assert (event.actor, event.before, event.after["status"]) == (
        checker,
        {"status": "received"},
        "validated",
    )
    assert event.after["decision"] == billing_file_decision(file_id=billing_file.pk).pk


def test_the_validated_and_rejected_files_are_announced_inside_their_chunks_transaction(bill):
    validated, rejected = bill(make_member()), bill(make_member(covered=False))
    heard = []

    def listen(sender, file_ids, **kwargs):
        heard.append((sorted(file_ids), connection.in_atomic_block))

    signals.billing_files_decided.connect(listen)
    try:
        claims_adjudicate_run(on=TODAY)  # the test's transaction never commits: no on_commit callback runs
    finally:
        signals.billing_files_decided.disconnect(listen)

    assert heard == [(sorted([validated.pk, rejected.pk]), True)]


def test_the_command_decides_the_received_files_with_a_progress_line(bill):
    billing_file = bill(make_member())
    out = StringIO()

    call_command("claims_adjudicate", "--on", TODAY.isoformat(), stdout=out)

    assert statuses([billing_file]) == ["validated"]
    assert "[" + "#" * 30 + "] 1 / 1 files (100%)" in out.getvalue()
    assert "· 1 lines" in out.getvalue()
    assert "validated: 1" in out.getvalue()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_file_another_transaction_holds_is_left_to_it(bill):
    held, free = bill(make_member()), bill(make_member())
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            BillingFile.objects.select_for_update().get(pk=held.pk)
            locked.set()
            release.wait(10)
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(10)
    try:
        result = claims_adjudicate_run(on=TODAY)
    finally:
        release.set()
        holder.join()

    assert result.files == 1
    assert statuses([held, free]) == ["received", "validated"]
    assert claims_adjudicate_run(on=TODAY).files == 1  # the next run takes it


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_runner_processes_side_by_side_decide_each_file_once(bill, covered_member):
    files = [bill(make_member()) for _ in range(6)]
    files += [bill(covered_member, received_on=datetime.date(2026, 4, d)) for d in (1, 2)]

    result = claims_adjudicate_run(on=TODAY, chunk=2, workers=2)

    assert result.files == 8
    assert statuses(files) == ["validated"] * 7 + [
        "rejected"
    ]  # the second of the same member's is a duplicate
    assert FileDecision.objects.count() == 8


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_runner_processes_get_the_peer_averages_their_parent_computes_while_they_start(centre, tariff):
    dear, _above = dear_centre(centre)

    result = claims_adjudicate_run(on=TODAY, chunk=3, workers=2)

    assert result.files == BillingFile.objects.count()
    flagged = {
        d.billing_file.facility_id
        for d in FileDecision.objects.select_related("billing_file")
        if PEER_AVERAGE in {signal["code"] for signal in d.anomalies}
    }
    assert flagged == {dear.pk}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_run_whose_peer_averages_fail_stops_its_processes_and_decides_nothing(bill, monkeypatch):
    files = [bill(make_member()) for _ in range(4)]

    def fail(**_kwargs):
        raise RuntimeError("the lines of the quarter could not be read")

    monkeypatch.setattr(runner, "peer_averages_of_day", fail)

    with pytest.raises(RuntimeError, match="quarter"):
        claims_adjudicate_run(on=TODAY, chunk=2, workers=2)

    assert statuses(files) == ["received"] * 4
    assert not FileDecision.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_committed_chunks_decided_files_have_their_messages_even_if_the_run_dies_after_it(
    bill, monkeypatch
):
    members = [make_member(), make_member(covered=False), make_member()]
    Member.objects.filter(pk__in=[m.pk for m in members]).update(phone="+22236123456")
    files = [bill(member, received_on=datetime.date(2026, 4, n)) for n, member in enumerate(members, 1)]
    # Nothing runs "after commit": what exists once a chunk commits was written inside its transaction.
    monkeypatch.setattr(transaction, "on_commit", lambda *args, **kwargs: None)

    def killed_after_the_first_chunk(result):
        raise SystemExit("the run is killed just after its first chunk commits")

    with pytest.raises(SystemExit):
        claims_adjudicate_run(on=TODAY, chunk=2, progress=killed_after_the_first_chunk)

    assert statuses(files) == ["validated", "rejected", "received"]
    keys = Message.objects.filter(dedupe_key__startswith="claims.decided:").values_list(
        "dedupe_key", flat=True
    )
    assert sorted(int(key.split(":")[1]) for key in keys) == [files[0].pk, files[1].pk]
