"""How many SMS parts a text takes, as GSM 03.38 (3GPP TS 23.038) counts them.

A text written only with the GSM 7-bit default alphabet goes as GSM-7: 160 characters in a single SMS,
153 per part once it is split (the user data header takes 7 characters' room). A character of the
alphabet's extension table (``^{}\\[~]|€`` and form feed) is sent as an escape plus itself: it counts 2.
Any other character (Arabic, a French œ, ’, an ê…) sends the whole text as UCS-2: 70 characters single,
67 per part. UCS-2 counts UTF-16 code units, so a character outside the Basic Multilingual Plane
(an emoji) counts 2.
"""

from __future__ import annotations

from dataclasses import dataclass

# The GSM 7-bit default alphabet (3GPP TS 23.038 § 6.2.1), in its table order.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Its extension table (§ 6.2.1.1): each is sent as ESC + the character, two septets.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True, slots=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    count: int  # SMS parts


def _parts(units: int, single: int, part: int) -> int:
    if units <= single:
        return 1
    return -(-units // part)


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM 7-bit alphabet or its extension table."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def sms_segments(text: str) -> Segments:
    """The encoding of `text` and the number of SMS parts it takes (an empty text still takes one)."""
    if is_gsm7(text):
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        return Segments("GSM-7", units, _parts(units, GSM7_SINGLE, GSM7_PART))
    units = len(text.encode("utf-16-le")) // 2
    return Segments("UCS-2", units, _parts(units, UCS2_SINGLE, UCS2_PART))
