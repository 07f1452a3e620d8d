"""The pipeline: stages derived from activities, agreements and the register; the CLI contract;
scoping; query counts."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payung.core.access import scope_for
from payung.core.errors import DomainError
from payung.core.scope import Scope
from payung.employers.models import EmployerKind
from payung.enrollments.models import EndReason
from payung.outreach.models import Activity, Group, Stage
from payung.outreach.selectors import pipeline, region_for_outreach, region_summary
from payung.outreach.services import record_activity, record_agreement, set_target
from payung.regions.models import Region
from payung.tests.factories import EmployerFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

UNREGISTERED = {
    "74.03", "74.04", "74.07", "74.08", "74.09", "74.10",
    "74.12", "74.13", "74.14", "74.15", "74.72",
}  # fmt: skip
WITH_PARTICIPANTS = {"74.01", "74.02", "74.05", "74.06", "74.11", "74.71"}
BEFORE_ENROLLING = {Stage.NOT_CONTACTED, Stage.CONTACTED, Stage.SOCIALISED, Stage.AGREEMENT_SIGNED}
EVERYTHING = Scope(everything=True)


def outreach_json(*args: str) -> dict:
    out = StringIO()
    call_command("outreach", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_cli_lists_the_17_regions_with_the_unregistered_before_enrolling():
    """`payung outreach --region 74 --on 2018-10-31 --json`: the issue's Done-means check."""
    data = outreach_json("--region", "74", "--on", "2018-10-31")
    rows = {row["code"]: row for row in data["regions"]}
    assert len(rows) == 17
    assert set(rows) == UNREGISTERED | WITH_PARTICIPANTS
    for row in data["regions"]:
        assert set(row) == {"code", "name", "stage", "participants", "target", "next_step", "due"}
    for code in UNREGISTERED:
        assert rows[code]["participants"] == 0
        assert rows[code]["stage"] in BEFORE_ENROLLING, code
    for code in WITH_PARTICIPANTS:
        assert rows[code]["participants"] > 0
        assert rows[code]["stage"] in {"enrolling", "covered"}, code
    # The demo's mix: some regions not contacted, some contacted, some socialised.
    stages = {rows[code]["stage"] for code in UNREGISTERED}
    assert {"not_contacted", "contacted", "socialised"} <= stages
    assert rows["74.71"]["stage"] == "covered"  # 1,136 registered of the MoU's 1,136
    assert rows["74.13"]["next_step"]
    assert rows["74.13"]["due"] == "2018-10-20"


def test_cli_without_json_prints_a_table():
    out = StringIO()
    call_command("outreach", "--region", "74", "--on", "2018-10-31", stdout=out)
    text = out.getvalue()
    assert "Kabupaten Wakatobi" in text
    assert "Belum dihubungi" in text  # the stage in words, not its code
    assert "not_contacted" not in text
    assert len([line for line in text.splitlines() if line.startswith("  74.")]) == 17


def test_cli_refuses_an_unknown_region():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("outreach", "--region", "99", "--json", stdout=StringIO())


def stage_of(code: str, on: date, group: str = Group.NON_ASN) -> str:
    result = pipeline(region=Region.objects.get(code="74"), on=on, scope=EVERYTHING, group=group)
    return {row.code: row.stage for row in result.rows}[code]


def test_stages_follow_activities_agreements_and_the_register(user_named):
    """Wakatobi moves through every stage; the last two come from the register alone."""
    cabang = user_named("cabang")
    day = date(2018, 11, 30)
    assert stage_of("74.07", day) == Stage.NOT_CONTACTED
    record_activity(actor=cabang, region_code="74.07", on=date(2018, 11, 2), kind="call")
    assert stage_of("74.07", day) == Stage.CONTACTED
    assert stage_of("74.07", date(2018, 11, 1)) == Stage.NOT_CONTACTED  # not yet on that day
    record_activity(actor=cabang, region_code="74.07", on=date(2018, 11, 9), kind="socialisation")
    assert stage_of("74.07", day) == Stage.SOCIALISED
    record_agreement(
        actor=cabang,
        region_code="74.07",
        signed_on=date(2018, 11, 20),
        parties="Pemkab Wakatobi dan BPJS Ketenagakerjaan",
        workers_planned=2,
        budget_year=2019,
    )
    assert stage_of("74.07", day) == Stage.AGREEMENT_SIGNED
    employer = EmployerFactory(region=Region.objects.get(code="74.07"), kind=EmployerKind.REGENCY)
    first = EnrollmentFactory(employer=employer, start_date=date(2018, 11, 25))
    assert stage_of("74.07", day) == Stage.ENROLLING
    # The demo's target for Wakatobi is 800; the branch sets a threshold of 2.
    set_target(
        actor=cabang,
        region_code="74.07",
        group=Group.NON_ASN,
        head_count=2,
        source="Surat BKD Wakatobi (uji)",
        as_of=date(2018, 11, 21),
    )
    assert stage_of("74.07", day) == Stage.ENROLLING
    EnrollmentFactory(employer=employer, start_date=date(2018, 11, 26))
    assert stage_of("74.07", day) == Stage.COVERED
    # Ended enrolments take the region back: the register decides, not a typed stage.
    first.end_date = date(2018, 11, 28)
    first.end_reason = EndReason.EMPLOYMENT_ENDED
    first.save()
    assert stage_of("74.07", day) == Stage.ENROLLING
    # Each change is in history.
    assert Activity.history.filter(region_id="74.07").count() >= 2  # type: ignore[attr-defined]


def test_village_officials_are_a_separate_pipeline():
    day = date(2018, 10, 31)
    assert stage_of("74.09", day, Group.VILLAGE_OFFICIALS) == Stage.CONTACTED
    assert stage_of("74.07", day, Group.VILLAGE_OFFICIALS) == Stage.NOT_CONTACTED
    assert stage_of("74.02", day, Group.VILLAGE_OFFICIALS) == Stage.NOT_CONTACTED  # non-ASN only


def test_pipeline_queries_are_fixed_however_many_regions(user_named):
    """All 17 children in a fixed number of queries (no query per region), and no more when
    more regions have activities and next steps."""
    region = Region.objects.get(code="74")
    day = date(2018, 12, 31)
    pipeline(region=region, on=day, scope=EVERYTHING)  # warm caches (content types, rules)
    with CaptureQueriesContext(connection) as captured:
        result = pipeline(region=region, on=day, scope=EVERYTHING)
    assert len(result.rows) == 17
    assert len(captured) == 8, [q["sql"] for q in captured]  # 6 region_coverage, 1 tally
    cabang = user_named("cabang")
    for code in ("74.07", "74.12", "74.15"):
        record_activity(
            actor=cabang, region_code=code, on=date(2018, 12, 1), kind="visit",
            next_step="Surat", due=date(2018, 12, 20), owner=cabang,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as again:
        pipeline(region=region, on=day, scope=EVERYTHING)
    assert len(again) == 8


def test_a_region_officer_sees_only_its_region(user_named):
    kendari = user_named("kendari")
    scope = scope_for(kendari)
    region = region_for_outreach("74", scope)
    assert region is not None
    rows = pipeline(region=region, on=date(2018, 10, 31), scope=scope).rows
    assert [row.code for row in rows] == ["74.71"]
    assert region_for_outreach("74.02", scope) is None
    assert region_for_outreach("74.71", scope_for(user_named("damkar"))) is None


def test_writes_are_refused_outside_the_scope_and_for_viewers(user_named):
    with pytest.raises(DomainError) as refused:
        record_activity(
            actor=user_named("kendari"), region_code="74.02", on=date(2018, 11, 1), kind="call"
        )
    assert refused.value.code == "region_not_in_scope"
    with pytest.raises(DomainError) as read_only:
        record_activity(
            actor=user_named("pimpinan"), region_code="74.02", on=date(2018, 11, 1), kind="call"
        )
    assert read_only.value.code == "read_only"
    with pytest.raises(DomainError) as unit:
        record_activity(
            actor=user_named("damkar"), region_code="74.71", on=date(2018, 11, 1), kind="call"
        )
    assert unit.value.code == "region_not_in_scope"


def test_refusals_have_stable_codes(user_named, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cabang = user_named("cabang")
    with pytest.raises(DomainError) as bad:
        record_agreement(
            actor=cabang,
            region_code="74.07",
            signed_on=date(2018, 11, 20),
            parties="",
            workers_planned=1,
            budget_year=2019,
            programs="jkk,xyz",
            expires_on=date(2018, 1, 1),
        )
    codes = {r.code for r in bad.value.refusals}
    assert codes == {"unknown_program", "parties_required", "expiry_before_signing"}
    settings.PAYUNG_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(DomainError) as big:
        record_activity(
            actor=cabang,
            region_code="74.07",
            on=date(2018, 11, 1),
            kind="letter",
            attachment=SimpleUploadedFile("surat.pdf", b"x" * 11),
        )
    assert big.value.code == "file_too_large"


def test_a_new_activity_closes_the_open_next_step(user_named):
    cabang = user_named("cabang")
    before = Activity.objects.get(region_id="74.13", next_step__startswith="Kirim simulasi")
    assert before.has_open_step
    record_activity(
        actor=cabang,
        region_code="74.13",
        on=date(2018, 11, 5),
        kind="meeting",
        next_step="Tanda tangan PKS",
        due=date(2018, 12, 1),
        owner=cabang,
    )
    before.refresh_from_db()
    assert before.next_step_closed_on == date(2018, 11, 5)
    row = {
        r.code: r
        for r in pipeline(
            region=Region.objects.get(code="74"), on=date(2018, 11, 6), scope=EVERYTHING
        ).rows
    }["74.13"]
    assert (row.next_step, row.due, row.owner) == ("Tanda tangan PKS", date(2018, 12, 1), "cabang")


def test_region_summary_gives_coverage_and_the_cost_of_the_uncovered():
    """Konawe: 3,301 of 3,600; the 299 uncovered cost a year of JKK+JKM at the 2018 UMP."""
    from payung.rules.formulas import simulate

    summary = region_summary(
        region=Region.objects.get(code="74.02"), on=date(2018, 10, 31), scope=EVERYTHING
    )
    assert summary.row.coverage_percent is not None
    assert str(summary.row.coverage_percent) == "91.7"
    assert summary.row.uncovered == 299
    assert summary.cost is not None
    expected = simulate(
        workers=299,
        wage=summary.wage,  # type: ignore[arg-type]
        programs=["jkk", "jkm"],
        risk_class="very_low",
        year=2018,
        employer_kind="regency_government",
    )
    assert summary.cost.yearly == expected.yearly > 0
    assert str(summary.wage) == "2177053"  # the 2018 UMP, from the rules' parameters


def test_region_summary_is_two_queries():
    """The region page's outreach block adds two queries, the coverage tally and the region's
    facts (the cost comes from the rules)."""
    region = Region.objects.get(code="74.02")
    region_summary(region=region, on=date(2018, 10, 31), scope=EVERYTHING)
    with CaptureQueriesContext(connection) as captured:
        region_summary(region=region, on=date(2018, 10, 31), scope=EVERYTHING)
    assert len(captured) == 2


def test_demo_keeps_seed_facts_apart_from_synthetic_ones():
    from payung.outreach.models import Agreement, TargetPopulation

    kendari = Agreement.objects.get(region_id="74.71")
    assert (kendari.signed_on, kendari.workers_planned, kendari.is_synthetic) == (
        date(2018, 2, 5),
        1136,
        False,
    )
    pemprov = Agreement.objects.get(region_id="74")
    assert (pemprov.signed_on, pemprov.workers_planned) == (date(2018, 4, 9), 960)
    assert str(pemprov.contribution_per_person) == "10800"
    handover = Activity.objects.get(region_id="74", date=date(2018, 10, 4))
    assert handover.kind == "handover"
    assert not handover.is_synthetic
    assert Agreement.objects.get(region_id="74.14").is_synthetic
    assert TargetPopulation.objects.filter(group=Group.VILLAGE_OFFICIALS).count() >= 2
    assert not Activity.objects.filter(region_id__in=UNREGISTERED, is_synthetic=False).exists()
