# The user stored when a listing is created was named closed_by, though nothing sets it
# when the listing is closed: the column is renamed, its data kept.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('refunds', '0004_history_reason_text'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name='refundbatch',
            old_name='closed_by',
            new_name='opened_by',
        ),
        migrations.RenameField(
            model_name='historicalrefundbatch',
            old_name='closed_by',
            new_name='opened_by',
        ),
        migrations.AlterField(
            model_name='refundbatch',
            name='opened_by',
            field=models.ForeignKey(blank=True, help_text='Who opened the listing: by adding its first refund, or by closing the period.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='opened by'),
        ),
        migrations.AlterField(
            model_name='historicalrefundbatch',
            name='opened_by',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Who opened the listing: by adding its first refund, or by closing the period.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='opened by'),
        ),
    ]
