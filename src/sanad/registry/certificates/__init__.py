"""Rights certificates: a signed payload (Ed25519) in a QR code, the bilingual PDF, its public check and the
short link an SMS carries to it."""
