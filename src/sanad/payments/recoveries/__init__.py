"""Recoveries (indus): sums paid on files found wrong after payment, found when a run is prepared, offset
against the payee's next orders or paid back."""
