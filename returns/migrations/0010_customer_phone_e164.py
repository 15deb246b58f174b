"""Customers' phone numbers in E.164, read in the customer's country (else the merchant's)."""

import sys

from django.db import migrations

from returns.common.phones import phone_normalize


def phones_to_e164(apps, schema_editor):
    Customer = apps.get_model("returns", "Customer")
    changed, kept = [], []
    customers = Customer.objects.exclude(phone="").select_related("merchant").order_by("pk")
    for customer in customers.iterator(chunk_size=2000):
        region = customer.country or customer.merchant.country
        spelled = phone_normalize(customer.phone, region=region)
        if spelled is None:
            kept.append(customer)
        elif spelled != customer.phone:
            customer.phone = spelled
            changed.append(customer)
    Customer.objects.bulk_update(changed, ["phone"], batch_size=500)
    if changed:
        sys.stdout.write(f"\n  {len(changed)} customers' phone numbers now in E.164.")
    if kept:
        # Not a number phonenumbers can read: kept as typed, for a person to correct.
        sys.stdout.write(f"\n  {len(kept)} phone numbers kept as they were (not a valid number):")
        for customer in kept:
            sys.stdout.write(f"\n    customer {customer.pk} ({customer.country}): {customer.phone}")


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0009_notification_kind_refund_under_review"),
    ]

    operations = [
        # Backwards there is nothing to undo: E.164 is a valid spelling of every number.
        migrations.RunPython(phones_to_e164, migrations.RunPython.noop, elidable=True),
    ]
