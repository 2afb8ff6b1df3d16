"""Builder of a profile's `[reports]` section: the threshold of cases under which a public figure is hidden,
and how many months the public page offers."""

from __future__ import annotations

from sanad.funds import types_reports as r
from sanad.funds.reader import Node


def reports(node: Node) -> r.ReportRules:
    result = r.ReportRules(
        # At least 2: a figure of one case is that person's own.
        public_min_cases=node.integer("public_min_cases", minimum=2, maximum=1000),
        public_months=node.integer("public_months", minimum=1, maximum=120),
        # Today and yesterday at least: the morning's pages show last night's work.
        nightly_days=node.integer("nightly_days", minimum=2, maximum=62),
    )
    node.done()
    return result
