"""The staff roles and what each may do: the one source the data migrations, tests and README use.

A role's permissions on a model are listed explicitly below. Two rules complete them:
whoever may view a model may also read its change history, and the auditor may view
every model of the product (history included) and change nothing.
"""

from collections.abc import Iterable

AGENT = "agent"
SUPERVISOR = "supervisor"
FINANCE = "finance"
AUDITOR = "auditor"
ROLES = (AGENT, SUPERVISOR, FINANCE, AUDITOR)

# The apps whose every model the auditor reads, and the staff accounts and roles besides
# (their history, memberships included, is kept in the returns app).
PRODUCT_APPS = ("returns", "refunds", "fraud", "billing")
AUDITED_STAFF_MODELS = ("auth.user", "auth.group")

VIEW = ("view",)
EDIT = ("view", "add", "change")
FULL = ("view", "add", "change", "delete")

# model label -> role -> actions. A model a role does not name is closed to it.
MATRIX: dict[str, dict[str, tuple[str, ...]]] = {
    "returns.merchant": {AGENT: VIEW, SUPERVISOR: ("view", "change"), FINANCE: VIEW},
    "returns.customer": {AGENT: EDIT, SUPERVISOR: EDIT, FINANCE: VIEW},
    "returns.order": {AGENT: VIEW, SUPERVISOR: EDIT, FINANCE: VIEW},
    "returns.orderline": {AGENT: VIEW, SUPERVISOR: FULL, FINANCE: VIEW},
    "returns.returnreason": {AGENT: VIEW, SUPERVISOR: FULL, FINANCE: VIEW},
    "returns.rejectionreason": {AGENT: VIEW, SUPERVISOR: EDIT},
    "returns.resolutionrule": {AGENT: VIEW, SUPERVISOR: FULL},
    "returns.returncase": {
        AGENT: (*EDIT, "resolve", "cancel"),
        SUPERVISOR: (*EDIT, "resolve", "cancel", "resolve_out_of_policy"),
        FINANCE: VIEW,
    },
    "returns.returncaseline": {AGENT: EDIT, SUPERVISOR: FULL, FINANCE: VIEW},
    "returns.contact": {AGENT: EDIT, SUPERVISOR: EDIT, FINANCE: VIEW},
    "returns.shipment": {AGENT: ("view", "ship"), SUPERVISOR: ("view", "change", "ship")},
    "returns.shipmentline": {AGENT: VIEW, SUPERVISOR: VIEW},
    "returns.responsescript": {AGENT: VIEW, SUPERVISOR: FULL},
    "returns.notificationtemplate": {AGENT: VIEW, SUPERVISOR: FULL, FINANCE: VIEW},
    "returns.notification": {AGENT: VIEW, SUPERVISOR: ("view", "retry"), FINANCE: VIEW},
    "returns.surveyresponse": {AGENT: VIEW, SUPERVISOR: VIEW, FINANCE: VIEW},
    "refunds.refund": {
        AGENT: ("view", "add", "validate", "approve", "escalate", "cancel"),
        SUPERVISOR: (
            "view",
            "add",
            "validate",
            "approve",
            "escalate",
            "hold",
            "approve_exception",
            "reject",
            "cancel",
        ),
        FINANCE: ("view", "batch", "pay", "retry"),
    },
    "refunds.refundapprovalqueue": {SUPERVISOR: VIEW},
    "refunds.refundline": {AGENT: VIEW, SUPERVISOR: VIEW, FINANCE: VIEW},
    "refunds.refundbatch": {SUPERVISOR: VIEW, FINANCE: ("view", "close", "export", "confirm")},
    "refunds.refundbatchexport": {SUPERVISOR: VIEW, FINANCE: VIEW},
    "refunds.storecredit": {AGENT: VIEW, SUPERVISOR: ("view", "void"), FINANCE: VIEW},
    "refunds.redemption": {AGENT: VIEW, SUPERVISOR: VIEW, FINANCE: VIEW},
    "fraud.fraudrule": {SUPERVISOR: FULL, FINANCE: VIEW},
    "fraud.blocklistentry": {SUPERVISOR: FULL, FINANCE: VIEW},
    "fraud.customerflag": {SUPERVISOR: FULL, FINANCE: VIEW},
    "fraud.dispute": {AGENT: VIEW, SUPERVISOR: EDIT, FINANCE: EDIT},
    "fraud.requestsignal": {AGENT: EDIT, SUPERVISOR: EDIT, FINANCE: VIEW},
    "fraud.fraudcheck": {AGENT: VIEW, SUPERVISOR: ("view", "review"), FINANCE: VIEW},
    "fraud.fraudreviewqueue": {SUPERVISOR: VIEW},
    "billing.tariff": {SUPERVISOR: VIEW, FINANCE: EDIT},
    "billing.invoice": {
        SUPERVISOR: VIEW,
        FINANCE: ("view", "add", "change", "issue", "pay", "void"),
    },
    "billing.invoiceline": {SUPERVISOR: VIEW, FINANCE: VIEW},
    "billing.creditnote": {SUPERVISOR: VIEW, FINANCE: VIEW},
    "billing.handlingtimereport": {SUPERVISOR: VIEW, FINANCE: VIEW},
}


def _history_label(label: str) -> str:
    app_label, model = label.split(".")
    return f"{app_label}.historical{model}"


def role_permissions(role: str, model_labels: Iterable[str]) -> set[tuple[str, str]]:
    """The (app_label, codename) pairs a role holds, given the models that exist."""
    existing = set(model_labels)
    granted: set[tuple[str, str]] = set()
    if role == AUDITOR:
        for label in existing:
            app_label, model = label.split(".")
            if app_label in PRODUCT_APPS or label in AUDITED_STAFF_MODELS:
                granted.add((app_label, f"view_{model}"))
        return granted
    for label, by_role in MATRIX.items():
        if label not in existing:
            continue
        app_label, model = label.split(".")
        actions = by_role.get(role, ())
        granted.update((app_label, f"{action}_{model}") for action in actions)
        if "view" in actions and _history_label(label) in existing:
            granted.add((app_label, f"view_historical{model}"))
    return granted


def sync_role_groups(apps, schema_editor=None) -> None:
    """Create the role groups and set each one's permissions exactly to the matrix.

    Runs in data migrations with the historical app registry; permissions of models
    created earlier in the same migrate run do not exist yet, so it creates them first.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # create_permissions skips an app without models_module; put back what was there, or
        # a later migrate/flush on the live registry would skip every app (and lose perms).
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    labels = [model._meta.label_lower for model in apps.get_models()]
    existing = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in permission_model.objects.select_related("content_type")
    }
    for role in ROLES:
        group, _created = group_model.objects.get_or_create(name=role)
        # A permission a later migration adds is not there yet in an earlier one's state;
        # the sync after the last migration (returns.apps) completes the group.
        wanted = role_permissions(role, labels)
        group.permissions.set([existing[key] for key in sorted(wanted) if key in existing])


def matrix_markdown() -> str:
    """The permission matrix as the Markdown table the README shows."""
    header = "| model | " + " | ".join(ROLES) + " |"
    rule = "| --- |" + " --- |" * len(ROLES)
    rows = [header, rule]
    for label, by_role in MATRIX.items():
        cells = [", ".join(by_role.get(role, ())) or "—" for role in ROLES[:-1]]
        cells.append("view")
        rows.append(f"| `{label}` | " + " | ".join(cells) + " |")
    rows.append(
        "| every other model of the product | — | — | — | view |",
    )
    return "\n".join(rows)
