"""The bill and the statement are letters fit to send: read back from the rendered PDF (text,
word positions, QR code), never a parameter key, file path, research source or confidence note."""

import io
import json
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import zxingcpp
from django.core.management import call_command
from django.test import override_settings
from PIL import Image

from payung.billing.exports import bill_pdf, statement_pdf
from payung.billing.models import Bill
from payung.billing.selectors import employer_statement
from payung.employers.models import Employer

pytestmark = pytest.mark.django_db
FORBIDDEN = (
    "contributions/",
    "rounding/",
    "payment/",
    ".yaml",
    "regulation-facts",
    "shared/domain",
    "peraturan.bpk.go.id",
    "No regulation found",
    "not verified",
    "confidence",
    "keyakinan",
    "Inferred",
)


def text_of(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


class _Words(HTMLParser):
    """The words of `pdftotext -bbox` output with their boxes, per page."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[tuple[int, str, tuple[float, float, float, float]]] = []
        self.page = 0
        self._box: tuple[float, float, float, float] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "0" for key, value in attrs}
        if tag == "page":
            self.page += 1
        if tag == "word":
            self._box = tuple(float(found[k]) for k in ("xmin", "ymin", "xmax", "ymax"))  # type: ignore[assignment]

    def handle_data(self, data: str) -> None:
        if self._box is not None and data.strip():
            self.words.append((self.page, data.strip(), self._box))
            self._box = None


def words_of(content: bytes, tmp_path: Path) -> list[tuple[int, str, tuple[float, ...]]]:
    path = tmp_path / "words.pdf"
    path.write_bytes(content)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    parser = _Words()
    parser.feed(html)
    return parser.words  # type: ignore[return-value]


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_the_bill_reads_like_a_letter_and_names_no_internal_source(tmp_path: Path) -> None:
    bill = Bill.objects.select_related("employer__region").get(
        employer__npp="74000001", period="2018-10"
    )
    text = text_of(bill_pdf(bill), tmp_path)
    for expected in (
        "Kantor Cabang BPJS Ketenagakerjaan Kendari",  # the employer's branch office
        "Kepada Yth.",
        "Pemerintah Provinsi Sulawesi Tenggara",
        "NPP: 74000001",
        "Oktober 2018",
        "15 November 2018",  # the due date
        "Kode pembayaran",
        "74000001201810",
        "Cara membayar",
        "Terbilang: Sepuluh juta lima ratus lima puluh satu ribu enam ratus rupiah",
        "PP 44/2015 Pasal 16 dan Lampiran I: JKK 0,24% untuk risiko sangat rendah",
        "PP 44/2015 Pasal 18: JKM 0,3% dari upah, dibayar pemberi kerja",
        "Kepala Kantor Cabang",
        "Halaman 1 dari 1",
    ):
        assert expected in text, expected
    for forbidden in FORBIDDEN:
        assert forbidden not in text, forbidden


def test_no_label_overlaps_the_payment_code_and_the_qr_code_holds_it(tmp_path: Path) -> None:
    bill = Bill.objects.select_related("employer__region").get(
        employer__npp="74710001", period="2018-11"
    )
    content = bill_pdf(bill)
    words = words_of(content, tmp_path)
    (code,) = [box for _, word, box in words if word == bill.payment_code]
    others = [(word, box) for _, word, box in words if word != bill.payment_code]
    assert others
    assert not [word for word, box in others if overlaps(box, code)]
    pdf = tmp_path / "qr.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "p")], check=True)
    (page,) = sorted(tmp_path.glob("p*.png"))
    qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = zxingcpp.read_barcodes(Image.open(page), formats=qr)
    assert [barcode.text for barcode in found] == [bill.payment_code]


@override_settings(
    PAYUNG_OFFICE_NAME="BPJS Ketenagakerjaan Kantor Cabang Baubau",
    PAYUNG_OFFICE_ADDRESS="Jl. Contoh No. 1, Baubau",
    PAYUNG_PAYMENT_CHANNELS=["Virtual account Bank Contoh"],
    PAYUNG_SIGNATORY_NAME="Nama Penanda Tangan",
)
def test_letterhead_channels_and_signatory_come_from_settings(tmp_path: Path) -> None:
    employer = Employer.objects.select_related("region").get(npp="74000001")
    employer.address = "Jl. Tugu Proklamasi, Kendari"
    employer.save()
    bill = Bill.objects.get(employer=employer, period="2018-10")
    text = text_of(bill_pdf(bill), tmp_path)
    for expected in (
        "Kantor Cabang Baubau",
        "Jl. Contoh No. 1, Baubau",
        "1. Virtual account Bank Contoh",
        "Nama Penanda Tangan",
        "Jl. Tugu Proklamasi, Kendari",
    ):
        assert expected in text, expected


def test_a_draft_says_it_cannot_be_paid_and_shows_its_late_fee_line(tmp_path: Path) -> None:
    """Kendari paid November 2018 on 3 January 2019: its 2019-01 bill carries the late fee."""
    out = io.StringIO()
    target = tmp_path / "bill.pdf"
    call_command(
        "bill", "--employer", "74710001", "--period", "2019-01", "--json", "--pdf", str(target),
        stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue())["pdf"] == str(target)
    text = text_of(target.read_bytes(), tmp_path)
    assert "DRAF: belum dapat dibayar" in text
    assert "Denda keterlambatan" in text
    assert "denda 2% per bulan keterlambatan" in text
    for forbidden in FORBIDDEN:
        assert forbidden not in text, forbidden


def test_the_statement_is_a_letter_with_indonesian_dates(tmp_path: Path) -> None:
    employer = Employer.objects.select_related("region").get(npp="74710001")
    statement = employer_statement(employer=employer, on=date(2019, 3, 1))
    text = text_of(statement_pdf(statement), tmp_path)
    for expected in (
        "REKENING IURAN BPJS KETENAGAKERJAAN",
        "Keadaan per 1 Maret 2019",
        "NPP: 74710001",
        "Oktober 2018",
        "3 Januari 2019",  # a payment's date
        "SP2D-KDI-2019-0007",
        "Belum ditagih: 9 bulan (Februari 2018 – Januari 2019)",
        "Halaman 1 dari",
    ):
        assert expected in text, expected
    for forbidden in FORBIDDEN:
        assert forbidden not in text, forbidden
