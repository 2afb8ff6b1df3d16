"""Bulk import of an existing register (e.g. former RAMED beneficiaries) from CSV or XLSX.

`columns` documents the file, `validation` checks every row (the dry run), `writing` writes families
fast (COPY on PostgreSQL), `services` ties them together in one transaction.
"""
