"""Template filters of the claims pages."""

from django import template

from sanad.claims.statuses import DocumentKind

register = template.Library()
_KINDS = {kind.value: kind.label for kind in DocumentKind}


@register.filter
def document_kind(code: str) -> str:
    """A supporting document's code (`barcodes`) → its name in the reader's language; unknown codes as is."""
    label = _KINDS.get(code)
    return code if label is None else str(label)
