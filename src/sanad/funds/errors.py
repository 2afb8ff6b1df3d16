"""The one error a broken fund profile raises."""

from __future__ import annotations


class ProfileError(Exception):
    """A fund profile is wrong: `file` (its name), `key` (dotted path) and `problem` say where and how."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"{file}: {key}: {problem}")
