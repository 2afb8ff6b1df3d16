"""Runs that survive their faults (issue #16 §3): a runner process that dies or fails is seen at once, the
run stops the others and says how many files are still received; a runner ends with its parent."""

import datetime
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection  # noqa: F401 (the skip condition reads it)
from django.utils import translation

from sanad.claims.anomalies import peer_averages_forget
from sanad.claims.models import BillingFile
from sanad.claims.runner import faults, workers
from sanad.claims.runner.decide import claims_adjudicate_run
from sanad.claims.runner.faults import RunStopped
from tests.claims.conftest import make_member

TODAY = datetime.date(2026, 4, 5)
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="processes")
real_stream = workers.runs_stream


@pytest.fixture(autouse=True)
def _fresh_peers():
    peer_averages_forget()
    yield
    peer_averages_forget()


def gone(pid: int) -> bool:
    """The process `pid` has ended (reaped, or a zombie waiting for a parent that does not reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")


def wait_for(path: Path) -> None:
    for _ in range(200):
        if path.exists():
            return
        time.sleep(0.05)


def received() -> int:
    return BillingFile.objects.filter(status="received").count()


@pytest.fixture
def sleeper(monkeypatch, tmp_path):
    """Runner 2 of 2 (the dependants' share: none here) stays busy, as in a long chunk; runner 1 (the
    members' files) does what the test gives it. Returns the file where runner 2 writes its pid."""
    busy = tmp_path / "busy"

    def arrange(first):
        def stream(ctx, *, chunk, part, report):
            if part[0] == 0:
                wait_for(busy)
                return first(ctx, chunk=chunk, part=part, report=report)
            busy.write_text(str(os.getpid()))
            time.sleep(120)
            (tmp_path / "woke").write_text("it was left to finish")
            return None

        monkeypatch.setattr(workers, "runs_stream", stream)
        return busy

    return arrange


def others_stopped(busy: Path) -> bool:
    return gone(int(busy.read_text())) and not (busy.parent / "woke").exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_runner_killed_mid_run_stops_the_others_and_says_how_many_files_are_left(bill, sleeper):
    for _ in range(6):
        bill(make_member())

    def killed_after_one_chunk(ctx, *, chunk, part, report):
        def then_killed(files, lines, statuses):
            report(files, lines, statuses)
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would

        return real_stream(ctx, chunk=chunk, part=part, report=then_killed)

    busy = sleeper(killed_after_one_chunk)

    with translation.override("en"), pytest.raises(RunStopped) as stopped:
        claims_adjudicate_run(on=TODAY, chunk=2, workers=2)

    assert (stopped.value.runner, stopped.value.undecided) == (1, 4)
    assert "SIGKILL" in str(stopped.value)
    assert "4 files are still received" in str(stopped.value)
    assert others_stopped(busy)
    assert received() == 4  # its committed chunk stays decided; the next run takes the rest
    assert claims_adjudicate_run(on=TODAY).files == 4


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_runner_that_fails_ends_the_command_with_a_plain_error_and_no_process_left(bill, sleeper):
    for _ in range(3):
        bill(make_member())

    def fails(ctx, *, chunk, part, report):
        raise OSError("No space left on device")

    busy = sleeper(fails)

    with translation.override("fr"), pytest.raises(CommandError) as error:
        call_command("claims_adjudicate", "--on", TODAY.isoformat(), "--workers", "2")

    message = str(error.value)
    assert message.startswith("Le traitement 1 sur 2 s’est arrêté avant la fin")
    assert "No space left on device" in message
    assert "3 dossiers sont encore reçus et non décidés : relancez la liquidation" in message
    assert others_stopped(busy)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_runner_that_exits_without_a_word_is_a_fault_too(bill, sleeper):
    bill(make_member())

    def exits(ctx, *, chunk, part, report):
        os._exit(3)

    busy = sleeper(exits)

    with translation.override("en"), pytest.raises(RunStopped, match="exit code 3"):
        claims_adjudicate_run(on=TODAY, workers=2)

    assert others_stopped(busy)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_silent_runner_is_taken_as_stuck_while_the_others_keep_reporting(bill, monkeypatch):
    bill(make_member())

    def stream(ctx, *, chunk, part, report):
        for _ in range(600):
            if part[0] == 0:
                report(0, 0, {})  # runner 1 keeps going
            time.sleep(0.2)

    monkeypatch.setattr(workers, "runs_stream", stream)
    ctx = workers.RunContext.start(on=TODAY, peers=False)

    with translation.override("en"), pytest.raises(RunStopped, match="no news from it") as stopped:
        workers.runs_parallel(ctx, chunk=10, workers=2, silence=1.5)

    assert stopped.value.runner == 2
    assert not multiprocessing.active_children()


def test_a_runner_ends_with_the_process_that_started_it():
    fork = multiprocessing.get_context("fork")
    reader, writer = fork.Pipe(duplex=False)

    def orphan(parent: int) -> None:
        faults.die_with_parent(parent)
        time.sleep(120)

    def parent() -> None:
        child = fork.Process(target=orphan, args=(os.getpid(),))
        child.start()
        writer.send(child.pid)
        time.sleep(0.5)
        os._exit(0)  # dies without a word to its child, as a killed run would

    process = fork.Process(target=parent)
    process.start()
    pid = reader.recv()
    process.join()
    for _ in range(200):
        if gone(pid):
            break
        time.sleep(0.05)

    assert gone(pid)
