"""`seed_demo`'s entry for the returns app: everything of the returns demo, in order."""

from django.contrib.auth import get_user_model
from django.db import transaction

from returns.demo import accounts, cases, notification_templates, orders, policies
from returns.demo.merchants import MERCHANTS, merchant_for


@transaction.atomic
def seed(log) -> dict[str, str]:
    """Create what is missing of the demo; running it again changes nothing."""
    notification_templates.seed(log)  # first: the cases below write their customers' e-mails
    merchants = {spec.slug: merchant_for(spec) for spec in MERCHANTS}
    for username, (role, slugs) in accounts.STAFF.items():
        user = accounts.staff_user(username, role)
        # From the merchant's side: history records the staff list of the merchant.
        for slug in slugs:
            if not merchants[slug].staff.filter(pk=user.pk).exists():
                merchants[slug].staff.add(user)
    accounts.superuser(accounts.SUPERUSER)
    users = get_user_model().objects
    for spec in MERCHANTS:
        merchant = merchants[spec.slug]
        created = orders.seed_customers_and_orders(merchant, spec)
        if created:
            log(f"{spec.name}: {created} customers with their orders")
        policies.seed_reasons(merchant)
        policies.seed_rejection_reasons(merchant)
        policies.seed_rules(merchant)
        policies.seed_scripts(merchant)
        handler = users.get(
            username="agent" if merchant.staff.filter(username="agent").exists() else "supervisor"
        )
        made = cases.seed_cases(merchant, handler, supervisor=users.get(username="supervisor"))
        if made:
            log(f"{spec.name}: {made} return cases with their contacts and shipments")
    return accounts.logins()
