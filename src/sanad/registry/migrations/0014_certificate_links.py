# The short links of certificates sent by SMS (registry.models.certificates.CertificateLink).

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0013_member_language'),
    ]

    operations = [
        migrations.CreateModel(
            name='CertificateLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=16, unique=True, verbose_name='code')),
                ('token', models.TextField(verbose_name='signed token')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.member')),
            ],
            options={
                'verbose_name': 'certificate link',
                'verbose_name_plural': 'certificate links',
            },
        ),
    ]
