"""The cost-to-cover page: what covering a regency's workers costs, prefilled from what is known."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from payung.core.scope import Scope
from payung.coverage.models import ReportedFigure
from payung.outreach.models import Group, TargetPopulation
from payung.regions.models import Region
from payung.web.selectors import common_region, pickable_regions, widest_region

pytestmark = pytest.mark.django_db

MUNA_BARAT = "74.13"
BUTON_SELATAN = "74.15"  # registered nobody, reported nothing (Muna Barat enrolled in 2022)


@pytest.fixture
def client_of(client, user_named):
    def login(name):
        client.force_login(user_named(name))
        return client

    return login


def _value(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*data-value="([^"]*)"', page)
    assert found, f"no #{element_id} on the page"
    return found.group(1)


def _source(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}" data-source="([^"]*)"', page)
    assert found, f"no #{element_id} on the page"
    return found.group(1)


def _input(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found, f"no input {name}"
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def test_needs_login_and_answers_404_outside_the_scope(client, client_of):
    """Anonymous visitors log in first; Kendari's officer cannot cost Konawe."""
    assert client.get(f"/wilayah/{MUNA_BARAT}/biaya/").status_code == 302
    assert client_of("kendari").get("/wilayah/74.02/biaya/").status_code == 404
    assert client_of("kendari").get("/wilayah/74.71/biaya/").status_code == 200


def test_muna_barat_2022_costs_13780_per_person(client_of):
    """The Muna Barat case: 3,080 workers at Rp2,552,014 cost Rp13.780 each a month."""
    page = (
        client_of("cabang")
        .get(f"/wilayah/{MUNA_BARAT}/biaya/", {"year": 2022, "workers": 3080, "wage": "2552014"})
        .content.decode()
    )
    assert _value(page, "per-person-total") == "13780"
    assert _value(page, "monthly-total") == "42442400"
    assert _value(page, "yearly-total") == "509308800"
    assert "Rp13.780" in page
    assert "Rp42.442.400" in page
    assert "Rp509.308.800" in page
    assert "5.1.02.02.02.0006" in page
    assert "5.1.02.02.02.0007" in page
    assert _source(page, "workers-source") == "typed"
    assert _source(page, "wage-source") == "typed"
    assert "PP 44/2015" in page
    assert page.count('<details class="why') >= 3


def test_prefilled_with_the_ump_of_the_year_and_says_no_count_is_known(client_of):
    """Buton Selatan registered nobody and reported nothing: the wage is the 2022 UMP, the count
    is asked for."""
    TargetPopulation.objects.filter(region_id=BUTON_SELATAN).delete()
    page = client_of("cabang").get(f"/wilayah/{BUTON_SELATAN}/biaya/?year=2022").content.decode()
    assert _input(page, "wage") == "2576016.96"
    assert _source(page, "wage-source") == "ump"
    assert _source(page, "workers-source") == "none"
    assert _input(page, "workers") == ""
    assert "Jumlah pekerja belum diketahui" in page
    assert 'id="costs"' not in page


def test_kendari_gets_its_umk_where_known(client_of):
    """Kendari's UMK in 2022; no UMK known for 2023, so the UMP, with a note saying so."""
    client = client_of("cabang")
    page_2022 = client.get("/wilayah/74.71/biaya/?year=2022").content.decode()
    assert _input(page_2022, "wage") == "2823315"
    assert _source(page_2022, "wage-source") == "umk"
    page_2023 = client.get("/wilayah/74.71/biaya/?year=2023").content.decode()
    assert _input(page_2023, "wage") == "2758984"
    assert _source(page_2023, "wage-source") == "ump"
    assert "No UMK of 74.71" in page_2023


def test_workers_prefilled_from_the_reported_figure(client_of):
    """Konawe reported 3,301 in October 2018: the count, and its source, are shown."""
    page = client_of("cabang").get("/wilayah/74.02/biaya/?year=2018").content.decode()
    assert _input(page, "workers") == "3301"
    assert _source(page, "workers-source") == "reported"
    assert "ZONASULTRA.COM" in page
    assert _value(page, "monthly-total") == str(
        int(Decimal(_value(page, "per-person-total")) * 3301)
    )


def test_workers_prefilled_from_the_register_without_a_reported_figure(client_of):
    """Without a reported figure the register's participants are the count."""
    ReportedFigure.objects.filter(region_id="74.02").delete()
    page = client_of("cabang").get("/wilayah/74.02/biaya/?year=2018").content.decode()
    assert _source(page, "workers-source") == "register"
    assert _input(page, "workers") == "3301"
    assert "register Payung" in page


def test_workers_prefilled_from_the_outreach_target(client_of):
    """A regency with neither a figure nor a participant takes the outreach's non-ASN target."""
    TargetPopulation.objects.filter(region_id=BUTON_SELATAN).delete()
    TargetPopulation.objects.create(
        region_id=BUTON_SELATAN,
        group=Group.NON_ASN,
        head_count=520,
        source="Laporan Januari 2022",
        as_of=date(2022, 1, 31),
    )
    page = client_of("cabang").get(f"/wilayah/{BUTON_SELATAN}/biaya/?year=2022").content.decode()
    assert _source(page, "workers-source") == "target"
    assert _input(page, "workers") == "520"
    assert "Laporan Januari 2022" in page
    assert _value(page, "monthly-total") == str(
        int(Decimal(_value(page, "per-person-total")) * 520)
    )


def test_muna_barat_2022_prefilled_from_its_reported_3080(client_of):
    """Muna Barat reported 3,080 honorer in January 2022 (the demo registers 308 of them): the
    reported count wins over the register's; the wage is still the year's UMP."""
    page = client_of("cabang").get(f"/wilayah/{MUNA_BARAT}/biaya/?year=2022").content.decode()
    assert _source(page, "workers-source") == "reported"
    assert _input(page, "workers") == "3080"
    assert _source(page, "wage-source") == "ump"
    assert _value(page, "monthly-total") == str(
        int(Decimal(_value(page, "per-person-total")) * 3080)
    )


def test_picking_another_regency_keeps_the_other_inputs(client_of):
    """The region select sends the user to that region's page with the same year and wage."""
    response = client_of("cabang").get(
        f"/wilayah/{MUNA_BARAT}/biaya/", {"region": "74.03", "year": 2022, "wage": "2552014"}
    )
    assert response.status_code == 302
    assert response.url.startswith("/wilayah/74.03/biaya/?")
    assert "year=2022" in response.url
    assert "wage=2552014" in response.url


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"workers": "-3", "wage": "2552014"}, "Jumlah pekerja tidak boleh negatif"),
        ({"workers": "10", "wage": "-1"}, "Upah tidak boleh negatif"),
        ({"workers": "10", "wage": "2552014", "year": "2014"}, "sebelum aturan berlaku"),
        ({"workers": "sepuluh", "wage": "2552014"}, "Bukan bilangan bulat"),
        ({"workers": "10", "wage": "2552014", "risk": "extreme"}, "Pilihan tidak dikenal"),
    ],
)
def test_bad_input_is_shown_on_the_form(client_of, query, words):
    """Refusals appear on the form in Indonesian and English; nothing is computed."""
    response = client_of("cabang").get(f"/wilayah/{MUNA_BARAT}/biaya/", query)
    assert response.status_code == 200
    page = response.content.decode()
    assert words in page
    assert " / " in re.search(r'class="error"[^>]*>([^<]+)<', page).group(1)
    assert 'id="costs"' not in page


def test_relief_year_shows_its_months(client_of):
    """In 2020 JKK and JKM change during the year (PP 49/2020): the months are listed."""
    page = (
        client_of("cabang")
        .get(f"/wilayah/{MUNA_BARAT}/biaya/", {"year": 2020, "workers": 100, "wage": "2000000"})
        .content.decode()
    )
    assert _value(page, "yearly-total") == "7614000"
    assert 'class="months"' in page


def test_csv_export_is_the_same_table(client_of):
    """The CSV has the inputs with their sources, the programs with codes, and the totals."""
    response = client_of("cabang").get(
        f"/wilayah/{MUNA_BARAT}/biaya/",
        {"year": 2022, "workers": 3080, "wage": "2552014", "export": "csv"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "biaya-perlindungan-74.13-2022.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    by_label = {row[0]: row for row in rows if row}
    assert by_label["JKK"][1:] == ["5.1.02.02.02.0006", "6124", "18861920", "226343040"]
    assert by_label["JKM"][1:] == ["5.1.02.02.02.0007", "7656", "23580480", "282965760"]
    assert by_label["Jumlah / Total"][2:] == ["13780", "42442400", "509308800"]
    assert by_label["Jumlah pekerja / Workers"][1:] == ["3080", "diketik / typed"]
    assert any("PP 44/2015" in cell for row in rows for cell in row)


def test_xlsx_export_has_numbers(client_of):
    """The workbook holds the amounts as numbers, the same as the page."""
    response = client_of("cabang").get(
        f"/wilayah/{MUNA_BARAT}/biaya/",
        {"year": 2022, "workers": 3080, "wage": "2552014", "export": "xlsx"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    total = next(row for row in rows if row and row[0] == "Jumlah / Total")
    assert [float(cell) for cell in total[2:5]] == [13780, 42442400, 509308800]


def test_query_count_is_bounded(client_of, django_assert_max_num_queries):
    """The page costs a fixed number of queries, whatever the region."""
    client = client_of("cabang")
    with django_assert_max_num_queries(12):
        client.get(f"/wilayah/{MUNA_BARAT}/biaya/", {"year": 2022, "workers": 10})


def test_region_page_links_unregistered_regions_to_their_cost(client_of):
    """Each unregistered child region on the region page links to its cost to cover."""
    page = client_of("cabang").get("/wilayah/74/?on=2018-10-31").content.decode()
    links = re.findall(r'<a class="cost" href="/wilayah/([\d.]+)/biaya/\?year=2018"', page)
    assert len(links) == 11
    assert MUNA_BARAT in links
    assert "74.02" not in links


def test_calculator_link_in_the_navigation(client_of):
    page = client_of("damkar").get("/pekerja/").content.decode()
    assert 'href="/kalkulator/"' in page


def test_home_sends_everyone_to_the_widest_region_with_employers(client_of):
    """The back office (everything) lands on the province holding every employer, as before."""
    assert client_of("admin").get("/").url == "/wilayah/74/"
    assert widest_region(Scope(everything=True)) == "74"
    assert widest_region(Scope(region_codes=("74.71",))) == "74.71"
    assert widest_region(Scope()) is None


@pytest.mark.parametrize(
    ("codes", "common"),
    [
        ([], None),
        (["74.71"], "74.71"),
        (["74.71.01", "74.71.02"], "74.71"),
        (["74.71", "74.02", "74"], "74"),
        (["74.71", "31.71", "31.02"], "31"),
        (["74.71", "31.71"], "31"),
    ],
)
def test_common_region(codes, common):
    """The narrowest region holding every code; across provinces, the one holding the most."""
    assert common_region(codes) == common


def test_pickable_regions_are_the_scope_and_its_children(user_named):
    """The branch officer picks the province or one of its 17 regencies and cities."""
    codes = [region.code for region in pickable_regions(Scope(region_codes=("74",)))]
    assert codes[0] == "74"
    assert len(codes) == 18
    assert Region.objects.filter(code__in=codes, parent_id="74").count() == 17


def test_english_page(client_of):
    """The page's words switch to English; amounts stay in Rupiah."""
    client = client_of("cabang")
    client.cookies["django_language"] = "en"
    page = client.get(
        f"/wilayah/{MUNA_BARAT}/biaya/", {"year": 2022, "workers": 3080, "wage": "2552014"}
    ).content.decode()
    assert "Cost to cover" in page
    assert "Regional budget account" in page
    assert "Rp13,780" in page  # amounts in the English format (issue 15)


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_exports_keep_a_region_name_formula_as_text(client_of, export):
    """A region name starting with `=` is escaped in the CSV and a text cell in the .xlsx; the
    amounts stay numbers."""
    from payung.core.tests.xlsx_cells import formulas, shared_strings

    hostile = '=HYPERLINK("http://evil.example/","Muna Barat")'
    Region.objects.filter(code=MUNA_BARAT).update(name=hostile)
    response = client_of("cabang").get(
        f"/wilayah/{MUNA_BARAT}/biaya/",
        {"year": 2022, "workers": 3080, "wage": "2552014", "export": export},
    )
    assert response.status_code == 200
    if export == "xlsx":
        assert formulas(response.content) == []
        assert f"{hostile} ({MUNA_BARAT})" in shared_strings(response.content)
        return
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][1] == f"'{hostile} ({MUNA_BARAT})"
    by_label = {row[0]: row for row in rows if row}
    assert by_label["Jumlah / Total"][2:] == ["13780", "42442400", "509308800"]
