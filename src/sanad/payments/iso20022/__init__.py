"""ISO 20022 bank messages: the credit transfers the fund sends (pain.001.001.09, checked against the official
schema) and the confirmations its bank sends back (pain.002 status reports, camt.054 debit notifications)."""
