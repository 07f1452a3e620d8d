"""Finding people: the worker list shows each worker's employer, unit, status and enrolment,
filters by employer, unit, status and category (kept from page to page), pages by keyset, and
exports exactly the filtered list the reader may see as .xlsx and `;` CSV."""

import csv
import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from python_calamine import CalamineWorkbook

from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Enrollment
from payung.tests.crawl import client_for
from payung.tests.factories import EmploymentFactory, WorkerFactory, WorkUnitFactory, valid_nik
from payung.workers.models import Category, Worker

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr data-status="(\w+)"><td><a href="/pekerja/(\d+)/">')
NEXT = re.compile(r'href="\?([^"]*after=\d+)" rel="next"')


def kendari() -> Employer:
    return Employer.objects.get(npp="74710001")


def damkar() -> WorkUnit:
    return WorkUnit.objects.get(employer__npp="74710001", code="DAMKAR")


def walk(client, query: str) -> list[tuple[str, int]]:
    """Every row of the list, following the next-page links from `query`."""
    rows: list[tuple[str, int]] = []
    url = f"/pekerja/?{query}"
    while url:
        page = client.get(url).content.decode().replace("&amp;", "&")
        rows += [(status, int(pk)) for status, pk in ROW.findall(page)]
        found = NEXT.search(page)
        url = f"/pekerja/?{found.group(1)}" if found else ""
        if found:
            for part in query.split("&"):
                assert part in found.group(1), "the filters are kept in the next-page link"
    return rows


def test_each_row_names_the_employer_unit_status_and_enrolment():
    page = client_for("kendari", "id").get(f"/pekerja/?unit={damkar().pk}").content.decode()
    first = page[page.index("<tbody>") : page.index("</tr>", page.index("<tbody>"))]
    assert "Pemerintah Kota Kendari" in first
    assert "Dinas Pemadam Kebakaran" in first
    assert "Aktif" in first
    assert "JKK, JKM" in first
    assert "sejak 5 Feb 2018" in first
    english = client_for("kendari", "en").get(f"/pekerja/?unit={damkar().pk}").content.decode()
    assert "Active" in english
    assert "since 5 Feb 2018" in english
    assert "217 workers" in english


def test_a_units_filter_walks_its_217_workers_in_keyset_pages_and_back():
    """Damkar's 217 workers in five pages, none twice; the previous link returns the page."""
    client = client_for("kendari", "id")
    rows = walk(client, f"unit={damkar().pk}")
    ids = [pk for _, pk in rows]
    assert len(ids) == 217
    assert len(set(ids)) == 217
    expected = set(Worker.objects.filter(employments__unit=damkar()).values_list("pk", flat=True))
    assert set(ids) == expected
    first = client.get(f"/pekerja/?unit={damkar().pk}").content.decode().replace("&amp;", "&")
    second_query = NEXT.search(first).group(1)
    second = client.get(f"/pekerja/?{second_query}").content.decode().replace("&amp;", "&")
    back = re.search(r'href="\?([^"]*before=\d+)" rel="prev"', second).group(1)
    again = client.get(f"/pekerja/?{back}").content.decode()
    assert ROW.findall(again) == ROW.findall(first)


def test_status_and_category_filters():
    """`status=none` finds an employed worker never enrolled; `ended` one whose enrolments
    ended; `category` narrows by category."""
    unit = damkar()
    fresh = WorkerFactory.create(name="Zainal Tanpa Kepesertaan", nik=valid_nik())
    EmploymentFactory.create(worker=fresh, employer=unit.employer, unit=unit)
    client = client_for("kendari", "id")
    none = walk(client, f"unit={unit.pk}&status=none")
    assert none == [("none", fresh.pk)]
    ended_worker = Enrollment.objects.filter(employer=unit.employer).first().worker
    for enrolment in Enrollment.objects.filter(worker=ended_worker):
        enrolment.end_date = date(2019, 1, 31)
        enrolment.end_reason = "employment_ended"
        enrolment.save()
    ended = walk(client, f"employer={unit.employer_id}&status=ended")
    assert ended == [("ended", ended_worker.pk)]
    villages = walk(client, f"category={Category.VILLAGE_OFFICIAL}")
    assert villages == []


def test_an_unknown_filter_is_said_and_left_out_not_a_server_error():
    page = client_for("kendari", "en").get("/pekerja/?status=zzz&unit=abc&employer=99999999")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="error" role="alert"') == 3
    assert "1,136 workers" in body  # the filters that failed narrow nothing


def test_the_list_page_query_count_is_pinned(django_assert_max_num_queries):
    """The same number of queries on the first page and on a later one, filters and all."""
    client = client_for("kendari", "id")
    query = f"employer={kendari().pk}&status=active&category=non_asn"
    first = client.get(f"/pekerja/?{query}").content.decode().replace("&amp;", "&")
    later = NEXT.search(first).group(1)
    # session, user, role (x2: the page's scope and the menu's), employers and units offered,
    # the anchor, the page, its count, its employments and its enrolments
    with django_assert_max_num_queries(12):
        client.get(f"/pekerja/?{later}")
    with CaptureQueriesContext(connection) as on_first:
        client.get(f"/pekerja/?{query}")
    with CaptureQueriesContext(connection) as on_later:
        client.get(f"/pekerja/?{later}")
    assert len(on_later) <= len(on_first) + 1  # + the keyset anchor


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads the names' letters right
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_exports_hold_the_filtered_list_formula_safe():
    """The CSV (`;`, for Indonesian Excel) and the .xlsx hold what the filtered page counts; a
    unit named like a formula stays text."""
    unit = WorkUnitFactory.create(employer=kendari(), name="=HYPERLINK(1)", code="RUMUS")
    worker = WorkerFactory.create(name="Wa Ode Rumus", nik=valid_nik())
    EmploymentFactory.create(worker=worker, employer=unit.employer, unit=unit)
    client = client_for("kendari", "id")
    rows = _csv(client.get(f"/pekerja/daftar.csv?unit={damkar().pk}&status=active"))
    assert rows[0][:3] == ["nama", "nik", "kategori"]
    assert len(rows) == 1 + 217
    assert {row[4] for row in rows[1:]} == {"Dinas Pemadam Kebakaran"}
    formula = _csv(client.get(f"/pekerja/daftar.csv?unit={unit.pk}"))
    assert formula[1][4] == "'=HYPERLINK(1)"
    xlsx = client.get(f"/unit/{unit.pk}/pekerja.xlsx")
    assert xlsx.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    values = sheet.to_python()
    assert values[1][0] == "Wa Ode Rumus"
    assert values[1][4] == "=HYPERLINK(1)"  # a text cell, never a formula
    assert client.get("/pekerja/daftar.json").status_code == 404


def test_exports_hold_only_what_the_reader_may_see():
    """The unit operator's export is its unit's workers; the read-only viewer's NIKs are
    masked; a unit outside the scope answers 404."""
    operator = _csv(client_for("damkar", "id").get("/pekerja/daftar.csv"))
    assert len(operator) == 1 + 217
    viewer = _csv(client_for("pimpinan", "id").get(f"/unit/{damkar().pk}/pekerja.csv"))
    assert all("*" in row[1] for row in viewer[1:])
    konawe_unit = WorkUnit.objects.filter(employer__npp="74020001").first()
    assert client_for("kendari", "id").get(f"/unit/{konawe_unit.pk}/pekerja.csv").status_code == (
        404
    )
