"""Rights certificates: a signed payload (Ed25519) in a QR code, the bilingual PDF and its public check."""
