"""What the claims app tells the rest of Sanad (the notifications app sends the SMS).

Each signal is sent INSIDE the transaction of the change it announces, never on commit (a transactional
outbox, issue #16): a receiver writes what it must (the SMS in the outbox) with the change or not at all,
so that a process killed between the commit and an on-commit callback loses nothing. A receiver must
therefore never undo the change: it works in a savepoint and logs its failures; and it must stay fast for
thousands of ids (the batch runner sends 5,000 per chunk, inside the chunk's transaction).
"""

from django.dispatch import Signal

# The fund received billing files: `file_ids` (a list of BillingFile ids).
billing_files_received = Signal()
# Billing files were decided (validated or rejected, by the engine or by a person): `file_ids`.
billing_files_decided = Signal()
# A complaint was answered: `complaint_id`.
complaint_answered = Signal()
