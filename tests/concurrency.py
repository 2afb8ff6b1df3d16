"""Several calls at the same moment, each in its own thread with its own database connection, as two
people or two retries would hit the same row: PostgreSQL's locks are what such tests check."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.db import connection


def postgres_only() -> None:
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's shared in-memory test database fails concurrent writers; CI's PostgreSQL runs it"
        )


def at_once(calls: Sequence[Callable[[], Any]]) -> list[tuple[Any, BaseException | None]]:
    """Run every call in a thread of its own, released together; each call's (result, error), in order."""
    start = threading.Barrier(len(calls))
    outcomes: list[tuple[Any, BaseException | None]] = [(None, None)] * len(calls)

    def run(index: int) -> None:
        try:
            start.wait()
            outcomes[index] = (calls[index](), None)
        except BaseException as error:
            outcomes[index] = (None, error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def errors_of(outcomes: list[tuple[Any, BaseException | None]]) -> list[BaseException]:
    return [error for _result, error in outcomes if error is not None]
