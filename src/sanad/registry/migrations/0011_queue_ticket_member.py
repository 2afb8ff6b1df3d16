# The member a queue ticket is for, when reception took the registration number (issue 14).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0010_enrollment_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="queueticket",
            name="member",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="registry.member",
                verbose_name="member",
            ),
        ),
    ]
