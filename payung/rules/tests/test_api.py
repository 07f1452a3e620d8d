"""The rules API at /api/rules/ gives the CLI's JSON, and 400 with a code on refusal."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """A client logged in as a user: the API is behind the project's access gate."""
    user = get_user_model().objects.create_user(username="calculator", password="not-used-1")
    logged_in = Client()
    logged_in.force_login(user)
    return logged_in


def test_contribution_endpoint_gives_the_cli_json(client: Client) -> None:
    """GET /api/rules/contribution gives lines and a total of 10800."""
    response = client.get(
        "/api/rules/contribution",
        {"wage": "2000000", "programs": "jkk,jkm", "risk": "very_low", "on": "2018-10-01"},
    )
    assert response.status_code == 200
    data = response.json()
    assert Decimal(data["total"]) == 10800
    assert [line["program"] for line in data["lines"]] == ["jkk", "jkm"]


def test_refusal_is_400_with_code_and_message(client: Client) -> None:
    """A date before the rules gives 400 with `date_before_rules`."""
    response = client.get(
        "/api/rules/contribution", {"wage": "1", "programs": "jkm", "on": "2015-01-01"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "date_before_rules"
    assert "2015-07-01" in response.json()["message"]


def test_benefit_and_simulate_endpoints(client: Client) -> None:
    """JKM, JKK death, STMB and the simulation answer with their totals."""
    jkm = client.get("/api/rules/benefit/jkm", {"death_date": "2019-12-01"}).json()
    assert Decimal(jkm["total"]) == 24000000
    death = client.get(
        "/api/rules/benefit/jkk-death", {"wage": "2000000", "accident_date": "2020-01-01"}
    ).json()
    assert Decimal(death["total"]) == 118000000
    schedule = client.get(
        "/api/rules/benefit/stmb",
        {"wage": "2000000", "accident_date": "2018-01-01", "months": "14"},
    ).json()
    assert Decimal(schedule["total"]) == 23000000
    cost = client.get(
        "/api/rules/simulate",
        {
            "workers": "10",
            "wage": "2000000",
            "programs": "jkk,jkm",
            "risk": "very_low",
            "year": "2022",
        },
    ).json()
    assert Decimal(cost["yearly"]) == 1296000
    response = client.get(
        "/api/rules/simulate",
        {"workers": "1", "wage": "1", "programs": "jkx", "year": "2022"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "unknown_program")
