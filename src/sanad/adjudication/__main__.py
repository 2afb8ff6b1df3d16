"""``python -m sanad.adjudication`` prints the reason catalogue as Markdown (docs/reasons.md)."""

from sanad.adjudication.reasons import reasons_markdown

print(reasons_markdown(), end="")
