"""The lists' filters of issue 14: the register checks by blocking or not and by day found, the payment
corrections waiting for approval by kind."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0011_queue_ticket_member"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contributioncorrection",
            index=models.Index(
                fields=["status", "kind", "requested_at", "id"], name="registry_correction_kind"
            ),
        ),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(fields=["status", "blocking", "id"], name="registry_finding_blocking"),
        ),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(fields=["status", "found_on"], name="registry_finding_found"),
        ),
    ]
