"""The calculator page: contributions and benefits under the rules, each amount explained."""

import re

import pytest

from payung.web.calculators import parse_amount

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(client, user_named):
    def login(name):
        client.force_login(user_named(name))
        return client

    return login


def _value(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}" data-value="([^"]+)"', page)
    assert found, f"no #{element_id} on the page"
    return found.group(1)


def _errors(page: str) -> list[str]:
    return re.findall(r'class="error"[^>]*>([^<]+)<', page)


def _contribution(client, **fields):
    query = {
        "calc": "contribution",
        "contribution-wage": "2000000",
        "contribution-programs": ["jkk", "jkm"],
        "contribution-risk": "very_low",
        "contribution-on": "2018-10-01",
        "contribution-kind": "pu",
    }
    query.update({f"contribution-{key}": value for key, value in fields.items()})
    response = client.get("/kalkulator/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_calculator_needs_login(client):
    """Anonymous visitors are sent to the login page."""
    response = client.get("/kalkulator/")
    assert response.status_code == 302
    assert response.url.startswith("/masuk/")


def test_empty_calculator_shows_the_four_forms(client_of):
    """Without a submission the page offers the four calculators and computes nothing."""
    page = client_of("pimpinan").get("/kalkulator/").content.decode()
    for name in ("contribution", "jkm", "jkk_death", "stmb"):
        assert f'<section class="card calc" id="{name}">' in page
    assert 'class="result"' not in page
    assert 'href="/kalkulator/"' in page


def test_pemprov_2018_contribution_is_10800_with_its_basis(client_of):
    """Rp2,000,000, JKK very low + JKM in October 2018: Rp10.800, each line with its regulation."""
    page = _contribution(client_of("cabang"))
    assert _value(page, "contribution-total") == "10800"
    assert "Rp10.800" in page
    assert "Rp4.800" in page
    assert "Rp6.000" in page
    assert page.count('<details class="why') == 3
    assert "PP 44/2015" in page
    assert "0,24%" in page
    assert "0,3%" in page


def test_jp_above_the_ceiling_notes_it(client_of):
    """A JP wage above the ceiling is computed on the ceiling, and the page says so."""
    page = _contribution(client_of("cabang"), wage="20.000.000", programs=["jp"], on="2024-05-01")
    assert "wage ceiling" in page
    assert float(_value(page, "contribution-total")) < 20_000_000 * 0.03


def test_covid_relief_month(client_of):
    """In a PP 49/2020 relief month only the undiscounted share is due, and the page says why."""
    page = _contribution(client_of("cabang"), on="2020-09-01")
    assert _value(page, "contribution-total") == "108"
    assert "PP 49/2020" in page


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"wage": "-5"}, "contribution-wage", ("Upah tidak boleh negatif", "must not be negative")),
        ({"on": "2014-12-01"}, "contribution-on", ("sebelum aturan berlaku", "before the rules")),
        ({"wage": "dua juta"}, "contribution-wage", ("Bukan jumlah uang", "Not an amount")),
        ({"on": "kemarin"}, "contribution-on", ("Bukan tanggal", "Not a date")),
        ({"programs": ["jkx"]}, "contribution-programs", ("Pilihan tidak dikenal", "Unknown")),
        ({"kind": "bpu", "programs": ["jht"]}, None, ("tidak dihitung", "not computed")),
    ],
)
def test_bad_input_is_refused_on_the_form_in_both_languages(client_of, fields, field, words):
    """Bad input gives an Indonesian and English message on the form, never an error page."""
    page = _contribution(client_of("cabang"), **fields)
    assert 'id="result-contribution"' not in page
    errors = " ".join(_errors(page))
    for word in words:
        assert word in errors, errors
    if field:
        block = re.search(rf'id="field-{field}".*?</div>', page, re.S)
        assert block
        assert 'class="error"' in block.group(0)


def test_bpu_contribution(client_of):
    """A non-wage earner pays the flat JKM and the JKK rate on a known income bracket."""
    page = _contribution(client_of("cabang"), kind="bpu", wage="1000000", on="2022-03-01")
    assert int(_value(page, "contribution-total")) > 0
    assert "BPU" in page


def test_jkm_benefit_on_each_side_of_2019_12_02(client_of):
    """A death before PP 82/2019 pays less than a death after it; both name their formula."""
    client = client_of("cabang")
    pages = [
        client.get(
            "/kalkulator/",
            {"calc": "jkm", "jkm-death_date": day, "jkm-contribution_years": "5"},
        ).content.decode()
        for day in ("2019-12-01", "2019-12-02")
    ]
    before, after = (int(_value(page, "jkm-total")) for page in pages)
    assert before == 24_000_000
    assert after == 42_000_000
    assert "pp44_2015" in pages[0]
    assert "pp82_2019" in pages[1]
    assert "Santunan berkala" in pages[1]
    assert "Beasiswa" in pages[1]


def test_jkk_death_benefit(client_of):
    """48 × wage + periodic + funeral, with the wage multiple explained beside the lump sum."""
    page = (
        client_of("cabang")
        .get(
            "/kalkulator/",
            {
                "calc": "jkk_death",
                "jkk_death-wage": "2000000",
                "jkk_death-accident_date": "2022-01-10",
            },
        )
        .content.decode()
    )
    total = int(_value(page, "jkk_death-total"))
    assert total > 48 * 2_000_000
    assert "santunan kematian karena kecelakaan kerja 48 kali upah sebulan" in page
    assert "death_wage_multiple" not in page  # no parameter key on a page


def test_stmb_schedule_crosses_twelve_months(client_of):
    """Thirteen months of STMB under PP 82/2019: twelve at the full share, then the rest."""
    page = (
        client_of("cabang")
        .get(
            "/kalkulator/",
            {
                "calc": "stmb",
                "stmb-wage": "2000000",
                "stmb-accident_date": "2022-01-10",
                "stmb-months": "13",
            },
        )
        .content.decode()
    )
    amounts = re.findall(r'<td class="num amount" data-value="(\d+)"', page)
    assert len(amounts) == 13
    assert amounts[:12] == ["2000000"] * 12
    assert int(amounts[12]) < 2_000_000
    assert int(_value(page, "stmb-total")) == sum(int(a) for a in amounts)
    rows = dict(re.findall(r"<tr><td>(\d+)</td>(.*?)</tr>", page, re.S))
    assert "STMB 100% dari upah pada masa pertama" in rows["1"]
    assert "dari upah sesudahnya" not in rows["1"]
    assert "dari upah sesudahnya" in rows["13"]
    assert "pada masa pertama" not in rows["13"].replace("masa pertama STMB", "")


def test_negative_months_are_refused(client_of):
    """The rules' own refusal reaches the months field."""
    page = (
        client_of("cabang")
        .get(
            "/kalkulator/",
            {
                "calc": "stmb",
                "stmb-wage": "1",
                "stmb-accident_date": "2022-01-10",
                "stmb-months": "-1",
            },
        )
        .content.decode()
    )
    assert "Jumlah bulan tidak boleh negatif" in page
    assert "must not be negative" in page


def test_english_page(client_of):
    """The page's own words switch to English; the rules' messages stay bilingual."""
    client = client_of("cabang")
    client.cookies["django_language"] = "en"
    page = _contribution(client)
    assert "Contribution and benefit calculator" in page
    assert "Rp10,800" in page  # amounts in the English format (issue 15)
    assert "Rp10.800" not in page


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("2552014", "2552014"),
        ("2.552.014", "2552014"),
        ("2,552,014", "2552014"),
        ("Rp 2.576.016,96", "2576016.96"),
        ("2,576,016.96", "2576016.96"),
        ("2576016.96", "2576016.96"),
        ("1.5", "1.5"),
        ("2.552", "2552"),
        ("2552014.000", "2552014.000"),
        ("-5", "-5"),
    ],
)
def test_amounts_typed_either_way(text, amount):
    """Thousands grouped with dots or commas; a decimal mark with other than three digits."""
    assert str(parse_amount(text)) == amount


@pytest.mark.parametrize("text", ["", "abc", "1.2.3,4,5", "--5"])
def test_not_amounts(text):
    """Text that is not an amount is refused."""
    with pytest.raises(ValueError, match=f"^{re.escape(text)}$"):
        parse_amount(text)
