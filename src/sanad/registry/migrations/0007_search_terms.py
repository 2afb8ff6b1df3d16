import django.db.models.deletion
from django.db import migrations, models


def index_register(apps, schema_editor):
    """Index every family already in the register."""
    from sanad.registry.search.terms import terms_write

    Member = apps.get_model("registry", "Member")
    models_ = (Member, apps.get_model("registry", "Dependant"), apps.get_model("registry", "SearchTerm"))
    terms_write(
        models=models_, member_ids=Member.objects.order_by("pk").values_list("pk", flat=True).iterator()
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_one_time_codes")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "member", "dependant_id", "term_key", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("dependant_id", models.BigIntegerField(default=0, verbose_name="dependant")),
                ("term_key", models.BigIntegerField(verbose_name="term")),
                (
                    "member",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="registry.member",
                    ),
                ),
            ],
            options={
                "verbose_name": "search term",
                "verbose_name_plural": "search terms",
                "indexes": [
                    models.Index(fields=["term_key", "member", "dependant_id"], name="registry_search_term")
                ],
            },
        ),
        migrations.RunPython(index_register, migrations.RunPython.noop),
    ]
