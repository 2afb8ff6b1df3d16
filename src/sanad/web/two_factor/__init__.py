"""Two-factor sign-in: a one-time code after the password for the staff who see medical or money data."""
