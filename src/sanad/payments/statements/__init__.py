"""A facility's statement of a settlement run (files paid, billed, accepted, rejected with reasons,
penalties, recoveries) and the processing clock of the files from receipt to payment."""
