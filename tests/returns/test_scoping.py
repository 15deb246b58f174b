"""Staff assigned to merchant A get nothing of merchant B anywhere in the admin."""

import pytest
from django.urls import NoReverseMatch, reverse

from returns.choices import ItemCondition, Resolution
from returns.services import ReturnLineInput, case_open, case_resolve
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    OrderFactory,
    OrderLineFactory,
    ResolutionRuleFactory,
    ResponseScriptFactory,
    ReturnReasonFactory,
)

pytestmark = pytest.mark.django_db

# The other merchant and every row of it carry this word, so a page can be searched for it.
THEIRS = "Bravo"


def _case(merchant, tag, actor):
    customer = CustomerFactory(
        merchant=merchant, name=f"{tag} Customer", email=f"{tag.lower()}@example.org"
    )
    order = OrderFactory(merchant=merchant, customer=customer, number=f"{tag}-ORDER")
    line = OrderLineFactory(order=order, sku=f"{tag}-SKU")
    reason = ReturnReasonFactory(
        merchant=merchant, code=f"{tag.lower()}-reason", label=f"{tag} reason"
    )
    return case_open(
        actor=actor,
        order=order,
        lines=[ReturnLineInput(line, 1, reason, ItemCondition.UNOPENED)],
        note=f"{tag} note",
    )


def _world(merchant, tag):
    """One row of every returns model for `merchant`, each named with `tag`."""
    actor = _superuser()
    case = _case(merchant, tag, actor)
    case_resolve(case=case, actor=actor, resolution=Resolution.REPLACEMENT, override_reason=tag)
    return {
        "merchant": (merchant, merchant.name),
        "customer": (case.customer, case.customer.email),
        "order": (case.order, case.order.number),
        "returnreason": (case.lines.get().reason, f"{tag} reason"),
        "resolutionrule": (
            ResolutionRuleFactory(merchant=merchant, name=f"{tag} rule"),
            f"{tag} rule",
        ),
        "returncase": (case, case.reference),
        "contact": (
            ContactFactory(
                merchant=merchant, customer=case.customer, summary=f"{tag} called", agent=actor
            ),
            f"{tag} called",
        ),
        "shipment": (case.shipments.get(), case.reference),
        "responsescript": (
            ResponseScriptFactory(merchant=merchant, title=f"{tag} script"),
            f"{tag} script",
        ),
    }


def _superuser():
    from tests.factories import UserFactory

    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def rows(merchant, other_merchant):
    other_merchant.name = f"{THEIRS} Shop"
    other_merchant.save()
    merchant.name = "Alpha Shop"
    merchant.save()
    return {"mine": _world(merchant, "Alpha"), "theirs": _world(other_merchant, THEIRS)}


MODELS = [
    "merchant",
    "customer",
    "order",
    "returnreason",
    "resolutionrule",
    "returncase",
    "contact",
    "shipment",
    "responsescript",
]


@pytest.mark.parametrize("model", MODELS)
def test_the_changelist_lists_only_the_assigned_merchants_rows(client, agent, rows, model):
    client.force_login(agent)
    response = client.get(reverse(f"admin:returns_{model}_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [rows["mine"][model][0]]
    assert THEIRS not in response.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_another_merchants_row_by_url_is_not_found(client, agent, rows, model):
    client.force_login(agent)
    theirs = rows["theirs"][model][0]
    for view in ["change", "history", "delete"]:
        response = client.get(reverse(f"admin:returns_{model}_{view}", args=[theirs.pk]))
        assert response.status_code == 404, view


@pytest.mark.parametrize("model", MODELS)
def test_another_merchants_row_by_url_is_not_found_in_its_history_revisions(
    client, agent, rows, model
):
    client.force_login(agent)
    theirs = rows["theirs"][model][0]
    revision = theirs.history.earliest("history_date")
    url = reverse(f"admin:returns_{model}_simple_history", args=[theirs.pk, revision.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("model", MODELS)
def test_own_rows_are_found_by_url_and_in_history(client, agent, rows, model):
    client.force_login(agent)
    mine = rows["mine"][model][0]
    assert client.get(reverse(f"admin:returns_{model}_change", args=[mine.pk])).status_code == 200
    history = client.get(reverse(f"admin:returns_{model}_history", args=[mine.pk]))
    assert history.status_code == 200
    assert THEIRS not in history.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_searching_finds_nothing_of_another_merchant(client, agent, rows, model):
    client.force_login(agent)
    url = reverse(f"admin:returns_{model}_changelist")
    theirs = client.get(url, {"q": rows["theirs"][model][1]})
    assert list(theirs.context["cl"].result_list) == []
    mine = client.get(url, {"q": rows["mine"][model][1]})
    assert list(mine.context["cl"].result_list) == [rows["mine"][model][0]]


@pytest.mark.parametrize(
    ("model", "field", "target"),
    [
        pytest.param("order", "customer", "customer", id="an order's customer"),
        pytest.param("order", "merchant", "merchant", id="an order's merchant"),
        pytest.param("customer", "merchant", "merchant", id="a customer's merchant"),
        pytest.param("contact", "customer", "customer", id="a contact's customer"),
        pytest.param("contact", "case", "returncase", id="a contact's case"),
    ],
)
@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_autocomplete_offers_only_the_assigned_merchants_rows(
    client, request, rows, role, model, field, target
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "returns", "model_name": model, "field_name": field, "term": ""},
    )
    assert response.status_code == 200
    ids = [result["id"] for result in response.json()["results"]]
    assert ids == [str(rows["mine"][target][0].pk)]
    searched = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "returns", "model_name": model, "field_name": field, "term": THEIRS},
    )
    assert searched.json()["results"] == []


# model, the foreign keys (and many-to-many) of its form, the user who may add or change it
FORMS = [
    pytest.param("customer", ["merchant"], id="customer"),
    pytest.param("order", ["merchant", "customer"], id="order"),
    pytest.param("returnreason", ["merchant"], id="return reason"),
    pytest.param("resolutionrule", ["merchant", "reasons"], id="resolution rule"),
    pytest.param("contact", ["merchant", "customer", "case"], id="contact"),
    pytest.param("responsescript", ["merchant"], id="response script"),
]

TARGET = {
    "merchant": "merchant",
    "customer": "customer",
    "case": "returncase",
    "reasons": "returnreason",
}


@pytest.mark.parametrize(("model", "fields"), FORMS)
@pytest.mark.parametrize("page", ["add", "change"])
def test_form_choices_offer_only_the_assigned_merchants_rows(
    client, supervisor, rows, model, fields, page
):
    client.force_login(supervisor)
    args = [rows["mine"][model][0].pk] if page == "change" else []
    response = client.get(reverse(f"admin:returns_{model}_{page}", args=args))
    assert response.status_code == 200
    form = response.context["adminform"].form
    for name in fields:
        choices = list(form.fields[name].queryset)
        assert choices == [rows["mine"][TARGET[name]][0]], name
    assert THEIRS not in response.content.decode()


@pytest.mark.parametrize("model", ["returncase", "shipment"])
def test_another_merchants_transition_page_is_not_found(client, agent, rows, model):
    client.force_login(agent)
    theirs = rows["theirs"][model][0]
    step = "close" if model == "returncase" else "ship"
    url = reverse(f"admin:returns_{model}_transition", args=[theirs.pk, step])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"reason": "mine now", "carrier": "x", "tracking_number": "y"}).status_code
        == 404
    )


def test_the_order_export_holds_only_the_assigned_merchants_orders(client, agent, rows):
    try:
        url = reverse("admin:returns_order_export")
    except NoReverseMatch:
        pytest.fail("OrderAdmin has no export view yet (ImportExportMixin)")
    client.force_login(agent)
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {"format": "0"}
    if "resource" in form.fields:
        data["resource"] = form.fields["resource"].choices[0][0]
    for name, field in form.fields.items():
        if name.startswith(("resource", "format")) or name in data:
            continue
        if getattr(field, "initial", None) is not None:
            data[name] = field.initial
        elif field.__class__.__name__ == "BooleanField":
            data[name] = "on"
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    exported = response.content.decode()
    assert rows["mine"]["order"][1] in exported
    assert THEIRS not in exported
