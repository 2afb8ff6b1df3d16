"""HTML to PDF with WeasyPrint, for every printable document (certificates, letters, receipts, slips).

Templates inline their style sheet: WeasyPrint is given no base URL, so it fetches nothing over the network
or from the disk. Fonts come from the system (DejaVu for Latin script, Noto Naskh Arabic for Arabic).
"""

from __future__ import annotations

from typing import Any


def html_document(html: str) -> Any:
    """The laid-out document (`weasyprint.Document`): its pages, and what the tests inspect."""
    import weasyprint  # imported here: loading Pango is slow and only documents need it

    return weasyprint.HTML(string=html).render()


def html_to_pdf(html: str) -> bytes:
    """A full HTML page (style sheet inlined) as PDF bytes."""
    return html_document(html).write_pdf()
