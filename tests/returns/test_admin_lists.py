import pytest
from django.urls import reverse

from tests.factories import CustomerFactory, OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


def _orders(merchant, count):
    for _ in range(count):
        order = OrderFactory(merchant=merchant)
        OrderLineFactory.create_batch(2, order=order)


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("model", ["order", "customer", "merchant"])
def test_changelist_queries_do_not_grow_with_rows(
    client, supervisor, merchant, django_assert_max_num_queries, model, rows
):
    _orders(merchant, rows)
    client.force_login(supervisor)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(f"admin:returns_{model}_changelist"), {"all": ""})
    assert response.status_code == 200


def test_agent_sees_only_the_customers_of_assigned_merchants(
    client, agent, merchant, other_merchant
):
    mine = CustomerFactory(merchant=merchant, name="Mine Customer")
    theirs = CustomerFactory(merchant=other_merchant, name="Theirs Customer")
    client.force_login(agent)
    listing = client.get(reverse("admin:returns_customer_changelist"))
    assert list(listing.context["cl"].result_list) == [mine]
    by_url = client.get(reverse("admin:returns_customer_change", args=[theirs.pk]))
    assert by_url.status_code == 404
    searched = client.get(reverse("admin:returns_customer_changelist"), {"q": "Theirs"})
    assert list(searched.context["cl"].result_list) == []
