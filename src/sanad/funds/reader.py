"""Typed reads from a parsed TOML table, each naming its dotted path when it fails."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from sanad.funds.errors import ProfileError

_KINDS: dict[str, tuple[type, ...]] = {
    "a string": (str,),
    "an integer": (int,),
    "a boolean": (bool,),
    "an array": (list,),
    "a table": (dict,),
}


def describe(value: Any) -> str:
    """How a wrong value is shown in a message: its TOML type, and the value when it is short."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, str):
        return f"a string ({value!r})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a float ({value})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__} ({value})"


def _is(value: Any, kind: str) -> bool:
    # TOML booleans are Python ints: never accept one where an integer is expected.
    if kind == "an integer" and isinstance(value, bool):
        return False
    return isinstance(value, _KINDS[kind])


def _one_of(choices: Sequence[Any]) -> str:
    return ", ".join(str(choice) for choice in choices)


class Node:
    """A table of the profile being read; keys never read are reported by `done()` as unknown."""

    def __init__(self, file: str, path: str, data: dict[str, Any]) -> None:
        self.file = file
        self.path = path
        self.data = data
        self._read: set[str] = set()

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> ProfileError:
        return ProfileError(self.file, self.where(key), problem)

    def fail_here(self, problem: str) -> ProfileError:
        """An error about the whole table rather than one of its keys."""
        return ProfileError(self.file, self.path or "(top level)", problem)

    def has(self, key: str) -> bool:
        return key in self.data

    def _get(self, key: str, kind: str, *, optional: bool = False) -> Any:
        self._read.add(key)
        if key not in self.data:
            if optional:
                return None
            problem = "missing required key"
            near = difflib.get_close_matches(key, [k for k in self.data if k not in self._read], 1, 0.8)
            raise self.fail(key, problem + (f" (is {near[0]!r} a misspelling?)" if near else ""))
        value = self.data[key]
        if not _is(value, kind):
            raise self.fail(key, f"expected {kind}, got {describe(value)}")
        return value

    def _check_str(self, key: str, value: str, choices: Sequence[str] | None, pattern: str | None) -> str:
        if not value.strip():
            raise self.fail(key, "must not be empty")
        if choices is not None and value not in choices:
            raise self.fail(key, f"unknown value {value!r} (expected one of: {_one_of(choices)})")
        if pattern is not None and not re.fullmatch(pattern, value):
            raise self.fail(key, f"{value!r} does not match the pattern {pattern}")
        return value

    def string(self, key: str, *, choices: Sequence[str] | None = None, pattern: str | None = None) -> str:
        return self._check_str(key, self._get(key, "a string"), choices, pattern)

    def optional_string(self, key: str, *, pattern: str | None = None) -> str | None:
        value = self._get(key, "a string", optional=True)
        return None if value is None else self._check_str(key, value, None, pattern)

    def integer(self, key: str, *, minimum: int = 0, maximum: int | None = None) -> int:
        value: int = self._get(key, "an integer")
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}, got {value}")
        if maximum is not None and value > maximum:
            raise self.fail(key, f"must be at most {maximum}, got {value}")
        return value

    def boolean(self, key: str) -> bool:
        return bool(self._get(key, "a boolean"))

    def _decimal(self, key: str, value: Any, minimum: Decimal | None, maximum: Decimal | None) -> Decimal:
        # Money and rates are written as strings so that no float ever touches them.
        if not isinstance(value, str):
            raise self.fail(
                key, f'expected a decimal written as a string (e.g. "0.80"), got {describe(value)}'
            )
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise self.fail(key, f"{value!r} is not a decimal number") from None
        if not number.is_finite():
            raise self.fail(key, f"{value!r} is not a finite decimal number")
        if minimum is not None and number < minimum:
            raise self.fail(key, f"must be at least {minimum}, got {value}")
        if maximum is not None and number > maximum:
            raise self.fail(key, f"must be at most {maximum}, got {value}")
        return number

    def decimal(
        self, key: str, *, minimum: Decimal | None = Decimal(0), maximum: Decimal | None = None
    ) -> Decimal:
        self._read.add(key)
        if key not in self.data:
            raise self.fail(key, "missing required key")
        return self._decimal(key, self.data[key], minimum, maximum)

    def optional_decimal(self, key: str, *, minimum: Decimal | None = Decimal(0)) -> Decimal | None:
        self._read.add(key)
        return self._decimal(key, self.data[key], minimum, None) if key in self.data else None

    def rate(self, key: str) -> Decimal:
        """A rate is a decimal between 0 and 1."""
        return self.decimal(key, minimum=Decimal(0), maximum=Decimal(1))

    def strings(
        self,
        key: str,
        *,
        choices: Sequence[str] | None = None,
        pattern: str | None = None,
        non_empty: bool = False,
    ) -> tuple[str, ...]:
        items = self._get(key, "an array")
        if non_empty and not items:
            raise self.fail(key, "must not be empty")
        seen: list[str] = []
        for index, item in enumerate(items):
            at = f"{key}[{index}]"
            if not isinstance(item, str):
                raise self.fail(at, f"expected a string, got {describe(item)}")
            self._check_str(at, item, choices, pattern)
            if item in seen:
                raise self.fail(at, f"duplicate value {item!r}")
            seen.append(item)
        return tuple(seen)

    def integers(self, key: str, *, choices: Sequence[int], choices_text: str) -> tuple[int, ...]:
        items = self._get(key, "an array")
        seen: list[int] = []
        for index, item in enumerate(items):
            at = f"{key}[{index}]"
            if not _is(item, "an integer"):
                raise self.fail(at, f"expected an integer, got {describe(item)}")
            if item not in choices:
                raise self.fail(at, f"unknown value {item} (expected {choices_text})")
            if item in seen:
                raise self.fail(at, f"duplicate value {item}")
            seen.append(item)
        return tuple(seen)

    def table(self, key: str) -> Node:
        return Node(self.file, self.where(key), self._get(key, "a table"))

    def tables(self, key: str) -> list[tuple[str, Node]]:
        """The sub-tables of a table keyed by code, in file order."""
        parent = self.table(key)
        out = []
        for code, value in parent.data.items():
            if not isinstance(value, dict):
                raise parent.fail(code, f"expected a table, got {describe(value)}")
            out.append((code, Node(self.file, parent.where(code), value)))
        return out

    def array_of_tables(self, key: str, *, non_empty: bool = True) -> list[Node]:
        items = self._get(key, "an array")
        if non_empty and not items:
            raise self.fail(key, "must not be empty")
        out = []
        for index, item in enumerate(items):
            at = f"{key}[{index}]"
            if not isinstance(item, dict):
                raise self.fail(at, f"expected a table, got {describe(item)}")
            out.append(Node(self.file, self.where(at), item))
        return out

    def done(self) -> None:
        """Every key of the table was read: anything else is a typo or a rule Sanad does not know."""
        for key in self.data:
            if key not in self._read:
                near = difflib.get_close_matches(key, sorted(self._read), 1, 0.6)
                hint = (
                    f"did you mean {near[0]!r}?"
                    if near
                    else f"expected one of: {_one_of(sorted(self._read))}"
                )
                raise self.fail(key, f"unknown key ({hint})")
