"""The enrollments list's filters (issue 14): any status by due date, and the day of submission."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0009_contribution_corrections"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(fields=["due_on", "id"], name="registry_enrollment_list"),
        ),
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(fields=["submitted_on"], name="registry_enrollment_submitted"),
        ),
    ]
