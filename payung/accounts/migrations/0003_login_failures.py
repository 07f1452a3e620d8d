"""Failed sign-ins, counted by username and by address to lock them for a while."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_api_token_expiry_and_revocation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LoginFailure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('username', models.CharField(max_length=150, verbose_name='nama pengguna')),
                ('address', models.GenericIPAddressField(blank=True, null=True, verbose_name='alamat')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='waktu')),
                ('cleared_at', models.DateTimeField(blank=True, null=True, verbose_name='dibuka pada')),
                ('cleared_how', models.CharField(blank=True, choices=[('sign_in', 'berhasil masuk'), ('officer', 'dibuka petugas'), ('command', 'dibuka lewat baris perintah')], max_length=10, verbose_name='dibuka karena')),
                ('cleared_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuka oleh')),
            ],
            options={
                'verbose_name': 'percobaan masuk gagal',
                'verbose_name_plural': 'percobaan masuk gagal',
                'indexes': [models.Index(fields=['username', 'at'], name='login_failure_username_at'), models.Index(fields=['address', 'at'], name='login_failure_address_at')],
            },
        ),
    ]
