"""Settlement and payment: validated files settled in runs, paid by bank transfer and confirmed, once."""
