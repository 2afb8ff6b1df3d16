from django.db import migrations

ROLES = (
    "counter_agent",
    "enrollment_officer",
    "facility_staff",
    "medical_adviser",
    "claims_checker",
    "finance_officer",
    "manager",
    "administrator",
    "insured",
)


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
