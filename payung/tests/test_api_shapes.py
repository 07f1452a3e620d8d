"""The typed answers keep the JSON the command line prints: every key, every value.

A response schema drops what it does not declare; these tests compare the API's answer with the
selector's or calculator's own JSON form (the one `--json` prints), so that a key left out of a
schema, renamed or retyped fails here.
"""

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from payung.accounts.models import ApiToken
from payung.billing.exports import bill_explanations
from payung.billing.models import LineKind
from payung.billing.selectors import employer_statement, region_arrears
from payung.billing.services import issue_bills
from payung.billing.tests.test_late_fee_lines import late_paid_january
from payung.core.access import scope_for
from payung.coverage.selectors import region_coverage
from payung.employers.models import Employer
from payung.outreach.reminders import open_reminders
from payung.outreach.selectors import timeline
from payung.regions.models import Region
from payung.rules import cli

pytestmark = pytest.mark.django_db
DAY = date(2019, 3, 1)


@pytest.fixture
def api(client: Any, user_named: Any) -> Any:
    """GET as the superuser with a token; the JSON answer."""
    admin = user_named("admin")
    _, raw = ApiToken.issue(user=admin, name="shapes")

    def get(path: str) -> Any:
        answer = client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert answer.status_code == 200, (path, answer.content[:300])
        return answer.json()

    get.scope = scope_for(admin)  # type: ignore[attr-defined]
    return get


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def test_coverage_arrears_and_statement_answer_what_the_cli_prints(api: Any) -> None:
    province = Region.objects.get(code="74")
    coverage = region_coverage(region=province, on=DAY, scope=api.scope, group="non_asn")
    assert api(f"/api/coverage/74?on={DAY}&group=non_asn") == as_json(coverage.as_dict())
    arrears = region_arrears(region_code="74", on=DAY, scope=api.scope)
    assert arrears.employers, "the demo has arrears to compare"
    assert api(f"/api/billing/arrears?region=74&on={DAY}") == as_json(arrears.as_dict())
    employer = Employer.objects.get(npp="74710001")
    statement = employer_statement(employer=employer, on=DAY)
    assert statement.payments, "the demo has payments to compare"
    assert api(f"/api/billing/statement?employer=74710001&on={DAY}") == as_json(statement.as_dict())


def test_a_bill_keeps_its_explanations_as_stored(api: Any) -> None:
    """Contribution explanations and late-fee explanations keep their own keys, no others."""
    _, january, _ = late_paid_january()
    bill = issue_bills(employer=january.employer, period="2022-04")
    assert bill.lines.filter(kind=LineKind.LATE_FEE).exists()
    answer = api(f"/api/billing/bills/{bill.pk}")
    stored = {found.pk: found.content for found in bill_explanations(bill)}
    assert len(stored) >= 2  # contributions and the late fee
    shown = {str(item.pop("id")): item for item in answer["explanations"]}
    assert shown == as_json(stored)


def test_outreach_timeline_and_reminders_answer_what_the_cli_prints(api: Any) -> None:
    today = date(2026, 12, 1)
    kendari = Region.objects.get(code="74.71")
    story = timeline(region=kendari, on=today, scope=api.scope)
    assert api(f"/api/outreach/regions/74.71/timeline?on={today}") == as_json(story.as_dict())
    reminders = [item.as_dict() for item in open_reminders(on=today, scope=api.scope)]
    assert reminders, "the demo has reminders to compare"
    assert api(f"/api/outreach/reminders?on={today}") == as_json(reminders)


@pytest.mark.parametrize(
    ("path", "command", "options"),
    [
        (
            "/api/rules/contribution?wage=3000000&programs=jkk,jkm&on=2026-01-01&risk=very_low",
            "contribution",
            {
                "wage": Decimal(3_000_000),
                "programs": ["jkk", "jkm"],
                "on": date(2026, 1, 1),
                "risk": "very_low",
                "kind": "pu",
                "employer_kind": None,
            },
        ),
        (
            "/api/rules/benefit/jkm?death_date=2026-01-01&contribution_years=5",
            "benefit",
            {"benefit": "jkm", "death_date": date(2026, 1, 1), "contribution_years": Decimal(5)},
        ),
        (
            "/api/rules/benefit/jkk-death?wage=3000000&accident_date=2026-01-01",
            "benefit",
            {"benefit": "jkk-death", "wage": Decimal(3_000_000), "accident_date": date(2026, 1, 1)},
        ),
        (
            "/api/rules/benefit/stmb?wage=3000000&accident_date=2026-01-01&months=8",
            "benefit",
            {
                "benefit": "stmb",
                "wage": Decimal(3_000_000),
                "accident_date": date(2026, 1, 1),
                "months": 8,
            },
        ),
        (
            "/api/rules/simulate?workers=10&wage=3000000&programs=jkk,jkm&year=2026&risk=low",
            "simulate",
            {
                "workers": 10,
                "wage": Decimal(3_000_000),
                "programs": ["jkk", "jkm"],
                "year": 2026,
                "risk": "low",
                "employer_kind": None,
            },
        ),
    ],
)
def test_the_calculators_answer_what_the_cli_prints(
    api: Any, path: str, command: str, options: dict[str, Any]
) -> None:
    _, calculate, _ = cli.COMMANDS[command]
    assert api(path) == as_json(calculate(options))
