"""The HTTP API and the pages, through Django's test client."""

import pytest

from payung.outreach.models import Activity, Agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client, user_named):
    def log_in(name: str):
        client.force_login(user_named(name))
        return client

    return log_in


def test_api_lists_the_child_regions_like_the_cli(as_user):
    response = as_user("cabang").get("/api/outreach/regions?region=74&on=2018-10-31")
    assert response.status_code == 200
    data = response.json()
    assert len(data["regions"]) == 17
    kendari = next(row for row in data["regions"] if row["code"] == "74.71")
    assert kendari == {
        "code": "74.71",
        "name": "Kota Kendari",
        "stage": "covered",
        "participants": 1136,
        "target": 1136,
        "next_step": None,
        "due": None,
    }


def test_api_is_scoped(as_user):
    client = as_user("kendari")
    data = client.get("/api/outreach/regions?region=74&on=2018-10-31").json()
    assert [row["code"] for row in data["regions"]] == ["74.71"]
    assert client.get("/api/outreach/regions?region=74.02").status_code == 404
    assert client.get("/api/outreach/regions/74.02/timeline").status_code == 404
    response = client.post(
        "/api/outreach/activities",
        {"region": "74.02", "date": "2018-11-01", "kind": "call"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["refusals"][0]["code"] == "region_not_in_scope"


def test_api_records_an_activity_and_an_agreement_and_shows_the_timeline(as_user):
    client = as_user("cabang")
    response = client.post(
        "/api/outreach/activities",
        {
            "region": "74.15",
            "date": "2018-11-05",
            "kind": "socialisation",
            "people_met": "Sekda Buton Selatan",
            "attendance": 25,
            "next_step": "Draf PKS",
            "due": "2018-11-30",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Activity.objects.get(pk=response.json()["id"]).owner.username == "cabang"
    response = client.post(
        "/api/outreach/agreements",
        {
            "region": "74.15",
            "signed_on": "2018-11-20",
            "parties": "Pemkab Buton Selatan dan BPJS Ketenagakerjaan",
            "workers_planned": 500,
            "budget_year": 2019,
            "kind": "pks",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Agreement.objects.filter(region_id="74.15").count() == 1
    story = client.get("/api/outreach/regions/74.15/timeline?on=2018-11-30").json()
    non_asn = next(g for g in story["groups"] if g["group"] == "non_asn")
    assert non_asn["stage"] == "agreement_signed"
    assert non_asn["uncovered"] == 500
    assert non_asn["coverage_percent"] == "0.0"
    assert non_asn["cost_yearly"] is not None
    assert [a["kind"] for a in story["activities"]] == ["socialisation"]
    reminders = client.get("/api/outreach/reminders?on=2018-12-01").json()
    assert any(r["region"] == "74.15" and r["kind"] == "overdue" for r in reminders)


def test_viewer_cannot_write_through_the_api(as_user):
    response = as_user("pimpinan").post(
        "/api/outreach/activities",
        {"region": "74.15", "date": "2018-11-05", "kind": "call"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["refusals"][0]["code"] == "read_only"


def test_openapi_lists_the_outreach_endpoints(as_user):
    paths = as_user("cabang").get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/outreach/regions",
        "/api/outreach/regions/{code}/timeline",
        "/api/outreach/activities",
        "/api/outreach/agreements",
        "/api/outreach/reminders",
    ):
        assert path in paths, path


def test_board_shows_regions_in_stage_columns_and_the_picture(as_user):
    html = as_user("cabang").get("/sosialisasi/?region=74&on=2018-10-31").content.decode()
    assert html.count('class="region-card"') == 17
    assert html.count("outreach-tile") == 17
    assert 'data-code="74.07" data-stage="not_contacted"' in html
    assert 'data-code="74.14" data-stage="agreement_signed"' in html


def test_board_for_a_region_officer_shows_only_its_region(as_user):
    html = as_user("kendari").get("/sosialisasi/?on=2018-10-31").content.decode()
    assert html.count('class="region-card"') == 1
    assert 'data-code="74.71"' in html


def test_timeline_page_and_forms(as_user):
    client = as_user("cabang")
    html = client.get("/sosialisasi/wilayah/74.71/?on=2018-10-31").content.decode()
    assert "Indra Muhammad" in html
    assert "activity-form" in html
    response = client.post(
        "/sosialisasi/wilayah/74.07/kegiatan/?on=2018-11-30",
        {"group": "non_asn", "date": "2018-11-02", "kind": "visit", "next_step": "Surat"},
    )
    assert response.status_code == 302
    assert Activity.objects.filter(region_id="74.07", kind="visit").exists()
    response = client.post(
        "/sosialisasi/wilayah/74.07/sasaran/?on=2018-11-30",
        {"group": "non_asn", "head_count": 820, "source": "Surat BKD", "as_of": "2018-11-01"},
    )
    assert response.status_code == 302
    html = client.get("/sosialisasi/wilayah/74.07/?on=2018-11-30").content.decode()
    assert "Surat BKD" in html
    assert 'data-stage="contacted"' in html
    assert as_user("kendari").get("/sosialisasi/wilayah/74.07/").status_code == 404


def test_viewer_sees_no_forms(as_user):
    html = as_user("pimpinan").get("/sosialisasi/wilayah/74.07/").content.decode()
    assert "activity-form" not in html


def test_region_page_shows_stage_coverage_and_cost(as_user):
    html = as_user("cabang").get("/wilayah/74.02/?on=2018-10-31").content.decode()
    assert 'id="outreach-summary"' in html
    assert "91,7%" in html  # Indonesian decimal comma
    assert "/wilayah/74.02/biaya/?workers=299&amp;year=2018" in html
    assert 'id="outreach-cost">Rp' in html


def test_reminders_page(as_user):
    html = as_user("cabang").get("/sosialisasi/pengingat/?on=2018-10-31").content.decode()
    assert 'data-kind="signed_empty"' in html
    assert "Buton Tengah" in html


def test_signed_document_is_stored_and_served_through_the_gate(as_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = as_user("cabang")
    response = client.post(
        "/sosialisasi/wilayah/74.10/perjanjian/?on=2018-12-31",
        {
            "group": "non_asn",
            "kind": "pks",
            "parties": "Pemkab Buton Utara dan BPJS Ketenagakerjaan",
            "signed_on": "2018-12-03",
            "programs": "jkk,jkm",
            "workers_planned": 550,
            "budget_year": 2019,
            "document": SimpleUploadedFile("pks-butur.pdf", b"%PDF-1.4 uji"),
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(region_id="74.10")
    assert agreement.document.name.startswith("outreach/agreements/")
    url = f"/sosialisasi/berkas/perjanjian/{agreement.pk}/"
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 uji"
    assert as_user("kendari").get(url).status_code == 404


def test_a_too_large_attachment_is_refused_in_the_page(as_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    settings.PAYUNG_ATTACHMENT_MAX_BYTES = 5
    client = as_user("cabang")
    response = client.post(
        "/sosialisasi/wilayah/74.10/kegiatan/?on=2018-12-31",
        {
            "group": "non_asn",
            "date": "2018-12-03",
            "kind": "letter",
            "attachment": SimpleUploadedFile("surat.pdf", b"123456"),
        },
        follow=True,
    )
    assert "file_too_large" in response.content.decode()
    assert not Activity.objects.filter(region_id="74.10", kind="letter").exists()
