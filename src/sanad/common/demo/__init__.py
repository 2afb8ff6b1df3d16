"""What every app's demo loader shares: the profile, a seeded random source and what earlier loaders made."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoContext:
    """Passed from loader to loader in dependency order; each adds what later ones need."""

    profile: Any
    seed: int
    members: int
    today: datetime.date = field(default_factory=datetime.date.today)
    rng: random.Random = field(init=False)
    users: dict[str, Any] = field(default_factory=dict)
    facilities: list[Any] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # The demo API client's key, shown once by `sanad demo` (only its digest is kept).
    api_key: str = ""

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)


DEMO_PASSWORD = "sanad-demo-2026"  # noqa: S105 (published in the README: demo accounts only)
