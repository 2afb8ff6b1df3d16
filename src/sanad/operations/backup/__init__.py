"""Backups: the database (pg_dump, or SQLite's online backup) and the media files, with a manifest of
checksums, row counts and money totals; and their restore, which checks all of them."""
