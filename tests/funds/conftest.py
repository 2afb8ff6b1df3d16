"""Helpers for the fund-profile tests: shipped profiles, and broken copies of them in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sanad.funds import load_profile
from sanad.funds.loader import PROFILES_DIR
from sanad.funds.types import FundProfile


@pytest.fixture
def cnass() -> FundProfile:
    return load_profile("cnass-mr")


@pytest.fixture
def cnops() -> FundProfile:
    return load_profile("cnops-ma")


@pytest.fixture
def cnss() -> FundProfile:
    return load_profile("cnss-ma")


BrokenCopy = Callable[..., Path]


@pytest.fixture
def broken_copy(tmp_path: Path) -> BrokenCopy:
    """Copy a shipped profile, same name, into tmp_path, replacing `old` (found exactly once) by `new`."""

    def make(code: str, old: str, new: str) -> Path:
        text = (PROFILES_DIR / f"{code}.toml").read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {code}.toml"
        path = tmp_path / f"{code}.toml"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    return make
