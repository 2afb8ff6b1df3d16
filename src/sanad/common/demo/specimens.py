"""Specimen scans for the demos: a one-page PDF per paper, stored once and shared by every demo record of
that paper, so that loading a demo again adds no file to storage."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def specimen_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), written by hand: a real PDF reader opens it."""
    content = f"BT /F1 16 Tf 60 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    return bytes(out)


def specimen_stored(folder: str, code: str, text: str) -> str:
    """The storage name of the specimen of paper `code` under `folder`, showing `text` (written once)."""
    name = f"{folder}/{code}.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(specimen_pdf(text)))
    return name
