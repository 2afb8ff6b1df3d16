"""The facilities' global invoices: received, matched against the files they cover, accepted or returned."""
