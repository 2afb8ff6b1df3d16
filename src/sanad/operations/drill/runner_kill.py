"""Drill `runner_kill`: the claims runner killed at random points three times, then run to the end.

A small pile of received files (the `settle` benchmark's loader, `claims.runner.bench_data`) is written,
and the database copied. On the copy, `sanad claims_adjudicate` runs once, undisturbed: the reference. On
the original it is started and killed (SIGKILL, its whole process group) at a random point, three times,
then run to the end. Then both must agree: every file decided, none with two decisions, the same counts
by status and the same fund share in total, and as many "file decided" messages (dedupe key
`claims.decided:…`) as the reference, none doubled, never more than the files decided (a file whose
beneficiary has no member the notifications can reach gets none, in both runs alike).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from sanad.operations.drill import Outcome
from sanad.operations.drill.pg import database_create, database_drop, database_url, python, query, sanad_env

KILLS = 3
_ON = "2026-04-30"  # the decision day of the loader's files (bench_data.ON)
_RUN = ["claims_adjudicate", "--on", _ON, "--chunk", "25", "--workers", "2"]


def load_files(files: int) -> dict:
    """Django side: the loader's world and `files` received billing files, committed."""
    from django.conf import settings
    from django.db import transaction

    from sanad.claims.runner.bench_data import bench_load
    from sanad.funds import load_profile

    with transaction.atomic():
        loaded = bench_load(load_profile(settings.SANAD_FUND), files)
    return {"files": loaded.files, "lines": loaded.lines}


def _start(name: str) -> subprocess.Popen:
    program = str(Path(sys.executable).with_name("sanad"))
    return subprocess.Popen(  # noqa: S603 - our own `sanad`, arguments fixed here
        [program, *_RUN],
        env=sanad_env(name),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its runner processes are killed with it
    )


def _finish(process: subprocess.Popen, timeout: float = 600) -> None:
    _out, err = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise RuntimeError(f"claims_adjudicate failed: {err.decode('utf-8', 'replace')[-800:]}")


_RECEIVED = "SELECT count(*) FROM claims_billingfile WHERE status = 'received'"


def _received(name: str) -> int:
    return query(name, _RECEIVED)[0][0]


def _kill_once(name: str, rng: random.Random) -> int:
    """Start the runner and SIGKILL it at a random point of its work: once a random share (15 to 50 %) of
    the files still received are decided, and up to 0.15 s more (inside a chunk of 25, or between two), so
    that work is always left for the next kill. 1 if the kill landed while it ran, 0 if it had ended."""
    left = _received(name)
    target = left - max(1, int(left * rng.uniform(0.15, 0.5)))
    process = _start(name)
    try:
        with psycopg.connect(database_url(name), autocommit=True) as watch:
            while process.poll() is None:
                (now,) = watch.execute(_RECEIVED).fetchone()
                if now <= target:
                    time.sleep(rng.uniform(0.0, 0.15))
                    break
                time.sleep(0.05)
        if process.poll() is not None:
            return 0
        os.killpg(process.pid, signal.SIGKILL)
        return 1
    finally:
        process.wait(timeout=30)
        process.stderr.close()


def state(name: str) -> dict:
    """What a run left: files by status, decisions, fund share, doubled decisions, messages."""
    by_status = dict(
        query(name, "SELECT status, count(*) FROM claims_billingfile GROUP BY status ORDER BY 1")
    )
    (current, share) = query(
        name, "SELECT count(*), coalesce(sum(fund_share), 0) FROM claims_filedecision WHERE is_current"
    )[0]
    doubled = query(
        name,
        "SELECT count(*) FROM (SELECT billing_file_id FROM claims_filedecision "
        "GROUP BY 1 HAVING count(*) > 1) d",
    )[0][0]
    messages, files_told = query(
        name,
        "SELECT count(*), count(DISTINCT split_part(dedupe_key, ':', 2)) FROM notifications_message "
        "WHERE dedupe_key LIKE 'claims.decided:%%'",
    )[0]
    return {
        "by_status": by_status,
        "decided": current,
        "fund_share": str(share),
        "doubled": doubled,
        "messages": messages,
        "files_told": files_told,
    }


def runner_kill_drill(template: str, files: int, *, seed: int | None = None) -> Outcome:
    """On two copies of `template` (migrated, empty): the kills and the reference run, compared."""
    outcome = Outcome("runner_kill")
    rng = random.Random(seed)
    killed, clean = f"drill_kill_{os.getpid()}", f"drill_clean_{os.getpid()}"
    try:
        database_create(killed, template=template)
        loaded = json.loads(python(killed, "sanad.operations.drill.runner_kill", "load", str(files)))
        database_create(clean, template=killed)
        started = time.monotonic()
        _finish(_start(clean))
        reference_seconds = time.monotonic() - started
        landed = sum(_kill_once(killed, rng) for _n in range(KILLS))
        left_after_kills = _received(killed)
        _finish(_start(killed))
        after, reference = state(killed), state(clean)
    finally:
        database_drop(killed)
        database_drop(clean)
    outcome.add("files", loaded["files"], "files")
    outcome.add("reference_run", reference_seconds, "s")
    outcome.add("kills", landed, "kills")
    outcome.add("left_after_kills", left_after_kills, "files")
    outcome.add("decided", after["decided"], "files")
    outcome.add("decided_reference", reference["decided"], "files")
    outcome.add("decided_twice", after["doubled"], "files")
    outcome.add("messages", after["messages"], "messages")
    outcome.add("messages_reference", reference["messages"], "messages")
    # Files whose beneficiary the notifications cannot reach (no member to tell): the same in both runs.
    outcome.add("decided_without_message", after["decided"] - after["files_told"], "files")
    _compare(outcome, after, reference, landed)
    return outcome


def _compare(outcome: Outcome, after: dict, reference: dict, landed: int) -> None:
    if landed < KILLS:
        outcome.fail(f"only {landed} of {KILLS} kills landed before the run ended")
    if after["by_status"].get("received") or reference["by_status"].get("received"):
        outcome.fail("files were left received")
    if after["doubled"] or after["decided"] != sum(
        v for k, v in after["by_status"].items() if k != "received"
    ):
        outcome.fail(f"{after['doubled']} files decided twice")
    if after["by_status"] != reference["by_status"]:
        outcome.fail(f"counts by status differ: {after['by_status']} against {reference['by_status']}")
    if after["fund_share"] != reference["fund_share"]:
        outcome.fail(f"fund share {after['fund_share']} against {reference['fund_share']}")
    if after["messages"] != reference["messages"] or after["messages"] != after["files_told"]:
        outcome.fail(
            f"messages: {after['messages']} for {after['files_told']} files after the kills, "
            f"{reference['messages']} in the reference run"
        )
    if after["messages"] > after["decided"]:
        outcome.fail(f"{after['messages']} decision messages for {after['decided']} decided files")


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1:2] == ["load"]:
        print(json.dumps(load_files(int(sys.argv[2]))))
