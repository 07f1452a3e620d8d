"""Documents sent outside read like the office's own letters: letterhead, Indonesian dates,
page numbers, how to pay and the signature block, from settings (read at call time).

Settings: PAYUNG_OFFICE_NAME, PAYUNG_OFFICE_ADDRESS, PAYUNG_PAYMENT_CHANNELS (a list),
PAYUNG_SIGNATORY_NAME, PAYUNG_SIGNATORY_TITLE, PAYUNG_SIGNATORY_CITY.
"""

from dataclasses import dataclass
from datetime import date

import zxingcpp
from babel.dates import format_date
from django.conf import settings
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

from .pdf import FONT_FAMILY, prepared

DEFAULT_OFFICE = "BPJS Ketenagakerjaan Kantor Cabang Kendari"
DEFAULT_ADDRESS = "Kota Kendari, Sulawesi Tenggara"
DEFAULT_CHANNELS = (
    "Transfer atau SP2D ke rekening penerimaan iuran BPJS Ketenagakerjaan, "
    "dengan kode pembayaran di atas sebagai berita/referensi",
    "Teller, ATM atau internet banking bank mitra BPJS Ketenagakerjaan: "
    "menu pembayaran BPJS Ketenagakerjaan, masukkan kode pembayaran",
)
DEFAULT_SIGNATORY_TITLE = "Kepala Kantor Cabang"


@dataclass(frozen=True)
class Office:
    """Who sends the letter."""

    name: str
    address: str
    signatory_name: str
    signatory_title: str
    city: str
    channels: tuple[str, ...]


def office(branch_office: str = "") -> Office:
    """The sending office as configured (PAYUNG_OFFICE_NAME; else the employer's branch office
    as recorded, `branch_office`; else the default)."""
    channels = getattr(settings, "PAYUNG_PAYMENT_CHANNELS", None) or DEFAULT_CHANNELS
    return Office(
        name=getattr(settings, "PAYUNG_OFFICE_NAME", "") or branch_office or DEFAULT_OFFICE,
        address=getattr(settings, "PAYUNG_OFFICE_ADDRESS", "") or DEFAULT_ADDRESS,
        signatory_name=getattr(settings, "PAYUNG_SIGNATORY_NAME", "") or "",
        signatory_title=getattr(settings, "PAYUNG_SIGNATORY_TITLE", "") or DEFAULT_SIGNATORY_TITLE,
        city=getattr(settings, "PAYUNG_SIGNATORY_CITY", "") or "Kendari",
        channels=tuple(channels),
    )


def indonesian_date(day: date) -> str:
    """15 November 2018."""
    return format_date(day, "d MMMM y", locale="id")


def indonesian_month(first: date) -> str:
    """November 2018."""
    return format_date(first, "MMMM y", locale="id")


class Letter(FPDF):
    """An A4 letter: the office's letterhead on every page, "Halaman n dari m" at the foot."""

    sender: Office

    def header(self) -> None:
        self.set_font(FONT_FAMILY, "B", 12)
        self.cell(0, 6, self.sender.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT_FAMILY, "", 9)
        self.cell(0, 5, self.sender.address, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        y = self.get_y() + 1
        self.set_line_width(0.6)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_line_width(0.2)
        self.set_y(y + 4)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT_FAMILY, "", 8)
        self.cell(0, 5, f"Halaman {self.page_no()} dari {{nb}}", align="C")


def new_letter(*, title: str, branch_office: str = "") -> Letter:
    """An empty letter of the configured office (see `office`)."""
    pdf = prepared(Letter(orientation="portrait", unit="mm", format="A4"), title=title)
    pdf.sender = office(branch_office)
    pdf.set_author(pdf.sender.name)
    pdf.set_auto_page_break(auto=True, margin=18)
    return pdf


def qr_picture(text: str) -> Image.Image:
    """A QR code of `text` (two pixels per module, no quiet zone: the layout leaves it)."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    bitmap = barcode.to_image(scale=2, add_quiet_zones=False)
    return Image.frombytes("L", (bitmap.shape[1], bitmap.shape[0]), bytes(memoryview(bitmap)))


def signature_block(pdf: Letter, *, on: date, qr_text: str = "", qr_caption: str = "") -> None:
    """Place, date and signatory on the right; a QR code with its caption on the left."""
    if pdf.get_y() > pdf.h - 62:
        pdf.add_page()
    top = pdf.get_y() + 4
    sender = pdf.sender
    if qr_text:
        size = 28.0
        pdf.image(qr_picture(qr_text), x=pdf.l_margin + 2, y=top + 2, w=size, h=size)
        pdf.set_xy(pdf.l_margin, top + size + 4)
        pdf.set_font(FONT_FAMILY, "", 7)
        pdf.multi_cell(60, 3.5, qr_caption)
    x = pdf.w - pdf.r_margin - 75
    pdf.set_xy(x, top)
    pdf.set_font(FONT_FAMILY, "", 10)
    for text in (f"{sender.city}, {indonesian_date(on)}", sender.signatory_title, sender.name):
        pdf.set_x(x)
        pdf.multi_cell(75, 5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(pdf.get_y() + 14)
    pdf.set_x(x)
    pdf.set_font(FONT_FAMILY, "B", 10)
    name = sender.signatory_name or "(nama dan tanda tangan)"
    pdf.multi_cell(75, 5, name, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), top + 42))
