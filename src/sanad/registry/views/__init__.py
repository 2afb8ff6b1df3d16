"""The register's pages: queue, enrollment wizard, member, contributions and receipts."""
