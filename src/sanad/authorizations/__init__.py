"""Prior authorization: the facility's request, its checklist and legal clock, the adviser's decision."""
