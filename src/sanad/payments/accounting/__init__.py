"""The settlement journal: each run's entries in double entry, with the fund's chart of accounts codes."""
