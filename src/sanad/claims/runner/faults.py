"""What a run of several runner processes does when one of them fails: the error it ends with, and the tie
that ends a runner with the process that started it.

A runner that dies (killed, out of memory) leaves its share of the files received: the chunks it committed
stay decided, the chunk it was deciding is rolled back by the server when its connection drops. The run
stops the other runners rather than wait for a report that will never come, and says how many files are
still received: the next run takes them.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

from django.utils.translation import gettext as _

from sanad.common.errors import DomainError, ErrorCode

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
# The exit code of a runner whose parent is gone: nobody reads it, it only marks the cause in the logs.
ORPHANED = 75


class RunStopped(DomainError):
    """A run of several runners stopped because one of them failed; `undecided` files are still received."""

    def __init__(self, *, runner: int, runners: int, cause: str, undecided: int) -> None:
        self.runner, self.runners, self.cause, self.undecided = runner, runners, cause, undecided
        super().__init__(
            ErrorCode.CONFLICT,
            _(
                "Runner %(runner)s of %(runners)s stopped before the end (%(cause)s), so the run stopped the "
                "other runners. %(undecided)s files are still received and not decided; run the "
                "adjudication again to decide them."
            )
            % {"runner": runner, "runners": runners, "cause": cause, "undecided": undecided},
        )


def cause_of_exit(exitcode: int | None) -> str:
    """A runner's end in plain words, from its exit code (negative: the signal that killed it)."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        if -exitcode == signal.SIGKILL:
            return _("killed by the system or an operator, signal %(signal)s; perhaps out of memory") % {
                "signal": name
            }
        return _("killed by signal %(signal)s") % {"signal": name}
    return _("it ended with exit code %(code)s") % {"code": exitcode}


def cause_of_error(trace: str) -> str:
    """A runner's failure in plain words: the last line of its traceback (the whole one goes to the log)."""
    last = trace.strip().splitlines()[-1] if trace.strip() else ""
    return _("it failed: %(error)s") % {"error": last}


def cause_of_silence(seconds: float) -> str:
    return _("no news from it for %(minutes)s minutes") % {"minutes": round(seconds / 60, 1)}


def die_with_parent(parent: int) -> None:
    """End this process when `parent` ends: on Linux the kernel sends SIGKILL when the thread that forked us
    exits (a runner holds nothing the server does not roll back); elsewhere `parent_check` in the runner's
    loop is the only guard. A parent already gone before this call ends us at once."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    parent_check(parent)


def parent_check(parent: int) -> None:
    """End this process at once if `parent` is no longer its parent (it died: we were handed to init)."""
    if os.getppid() != parent:
        os._exit(ORPHANED)
