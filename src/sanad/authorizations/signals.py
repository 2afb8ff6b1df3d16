"""Questions this app asks the apps above it, which it may not import (DESIGN.md, layers).

The long-term conditions recognized for a beneficiary are kept by the claims app: it answers
`conditions_asked` with the codes recognized on a day. With no receiver, none is recognized, and every
request that an automatic rule would approve for a recognized condition goes to an adviser instead.
"""

from __future__ import annotations

from datetime import date

from django.dispatch import Signal

# kwargs: beneficiary (the `M<id>`/`D<id>` key), on (date). Each receiver returns an iterable of the
# catalogue's long-term condition codes recognized for the beneficiary on that day.
conditions_asked = Signal()


def conditions_recognized(*, beneficiary: str, on: date) -> frozenset[str]:
    """The long-term conditions recognized for `beneficiary` on `on`, as the receivers know them."""
    found: set[str] = set()
    for _receiver, codes in conditions_asked.send(sender=None, beneficiary=beneficiary, on=on):
        found.update(codes or ())
    return frozenset(found)
