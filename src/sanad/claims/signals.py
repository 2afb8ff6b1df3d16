"""What the claims app tells the rest of Sanad (the notifications app sends the SMS).

Each signal is sent after the transaction that caused it has committed (`transaction.on_commit`).
"""

from django.dispatch import Signal

# The fund received billing files: `file_ids` (a list of BillingFile ids).
billing_files_received = Signal()
# Billing files were decided (validated or rejected, by the engine or by a person): `file_ids`.
billing_files_decided = Signal()
# A complaint was answered: `complaint_id`.
complaint_answered = Signal()
