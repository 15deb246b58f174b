from django.db import migrations

from returns.common.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0001_initial"),
        ("refunds", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
