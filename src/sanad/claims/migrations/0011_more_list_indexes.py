"""The lists' filters of issue 14: the complaints of any status and by day of receipt, the facility's
batches by type of files and by day of submission, the reimbursement files by day received."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_file_invoice_index"),
        ("providers", "0002_network"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="billingfile",
            index=models.Index(
                condition=models.Q(channel="reimbursement"),
                fields=["received_on", "id"],
                name="claims_file_reimb_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="batch",
            index=models.Index(fields=["facility", "group", "-id"], name="claims_batch_group_idx"),
        ),
        migrations.AddIndex(
            model_name="batch",
            index=models.Index(fields=["facility", "submitted_on"], name="claims_batch_submitted_idx"),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(fields=["due_on", "id"], name="claims_complaint_due_idx"),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(fields=["received_on"], name="claims_complaint_received_idx"),
        ),
    ]
