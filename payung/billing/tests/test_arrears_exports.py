"""The arrears open in Indonesian Excel: CSV with `;` and decimal commas, or .xlsx."""

import csv
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from payung.billing.exports import indonesian_number

pytestmark = pytest.mark.django_db


def test_amounts_use_a_decimal_comma_and_whole_rupiah_stay_integers() -> None:
    assert indonesian_number(Decimal("1234.50")) == "1234,50"
    assert indonesian_number(Decimal("13451178.00")) == 13451178


def test_arrears_csv_and_xlsx(client, user_named, tmp_path) -> None:
    client.force_login(user_named("provinsi"))
    response = client.get("/tagihan/tunggakan/74/tunggakan.csv?on=2019-03-01")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 by its mark
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "npp"
    by_npp = {row[0]: row for row in rows[1:]}
    kendari = by_npp["74710001"]
    assert kendari[8].split() == [f"2018-{m:02d}" for m in range(2, 10)] + ["2019-01"]
    assert "." not in kendari[9]  # no decimal point Excel would read as thousands
    assert by_npp["74110001"][5].isdigit()
    response = client.get("/tagihan/tunggakan/74/tunggakan.xlsx?on=2019-03-01")
    path = tmp_path / "a.xlsx"
    path.write_bytes(response.content)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Tunggakan").to_python()
    assert sheet[0][0] == "npp"
    assert {row[0] for row in sheet[1:]} == set(by_npp)
    assert client.get("/tagihan/tunggakan/74/tunggakan.pdf").status_code == 404
