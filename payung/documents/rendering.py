"""PDF layouts: the participation certificate (one A4 page) and member cards (A4 sheets of 2×5).

Both start from `payung.core.pdf.new_document`; QR codes are zxing-cpp images placed as pictures,
which is what keeps cards fast (a pure-Python QR costs ~10 times more per card).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel.dates import format_date
from fpdf import FPDF

from payung.core.letters import office
from payung.core.pdf import FONT_FAMILY, new_document
from payung.workers.nik import mask_nik

from .qr import qr_image
from .selectors import CardRow, program_names
from .tokens import card_token, verify_url

# ISO/IEC 7810 ID-1, the size of a bank card; 2 × 5 fit an A4 page with room to cut.
CARD_W, CARD_H = 85.6, 54.0
COLUMNS, ROWS = 2, 5
GAP_X, GAP_Y = 4.0, 2.0
MARGIN_X = (210 - COLUMNS * CARD_W - (COLUMNS - 1) * GAP_X) / 2
MARGIN_Y = (297 - ROWS * CARD_H - (ROWS - 1) * GAP_Y) / 2
CARDS_PER_PAGE = COLUMNS * ROWS
QR_SIZE = 24.0
BAND = (0, 105, 92)  # the header band's teal
PROGRESS_EVERY = 100

ProgressCallback = Callable[[int], None]


@lru_cache(maxsize=256)
def long_date(day: date) -> str:
    """1 Oktober 2018."""
    return format_date(day, "d MMMM y", locale="id")


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """`text` cut with an ellipsis so that it fits `width` in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class CardSheetHeading:
    """What every sheet of cards says above the cards."""

    employer: str
    unit: str = ""
    synthetic: bool = False


def render_cards(
    cards: Iterable[CardRow],
    *,
    employer_id: int,
    heading: CardSheetHeading,
    progress: ProgressCallback | None = None,
) -> bytes:
    """Member cards on A4 sheets; `progress(n)` is told every PROGRESS_EVERY cards."""
    pdf = new_document(title=f"Kartu peserta — {heading.employer}")
    pdf.set_auto_page_break(auto=False)
    page_title = " — ".join(filter(None, [heading.employer, heading.unit]))
    if heading.synthetic:
        page_title += " — DATA DEMO SINTETIS / SYNTHETIC DEMO DATA"
    count = 0
    for count, card in enumerate(cards, start=1):
        slot = (count - 1) % CARDS_PER_PAGE
        if slot == 0:
            pdf.add_page()
            pdf.set_font(FONT_FAMILY, "", 6)
            pdf.set_text_color(110)
            pdf.text(MARGIN_X, MARGIN_Y - 3, _fit(pdf, page_title, 170))
        row, column = divmod(slot, COLUMNS)
        x = MARGIN_X + column * (CARD_W + GAP_X)
        y = MARGIN_Y + row * (CARD_H + GAP_Y)
        _card(pdf, card, x, y, employer=heading.employer, employer_id=employer_id)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    if count == 0:
        pdf.add_page()
        pdf.set_font(FONT_FAMILY, "", 11)
        pdf.text(MARGIN_X, 30, "Tidak ada peserta aktif / no active participants")
    if progress is not None:
        progress(count)
    return bytes(pdf.output())


def _card(pdf: FPDF, card: CardRow, x: float, y: float, *, employer: str, employer_id: int) -> None:
    pdf.set_draw_color(150)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(*BAND)
    pdf.rect(x, y, CARD_W, 9, style="F")
    pdf.rect(x, y, CARD_W, CARD_H, style="D")
    pdf.set_text_color(255)
    pdf.set_font(FONT_FAMILY, "B", 8)
    pdf.text(x + 3, y + 4.2, "KARTU PESERTA · MEMBER CARD")
    pdf.set_font(FONT_FAMILY, "", 5.5)
    pdf.text(x + 3, y + 7.4, "Jaminan Sosial Ketenagakerjaan · BPJS Ketenagakerjaan")
    text_w = CARD_W - QR_SIZE - 8
    pdf.set_text_color(0)
    pdf.set_font(FONT_FAMILY, "B", 9)
    pdf.text(x + 3, y + 15, _fit(pdf, card.name, text_w))
    pdf.set_font(FONT_FAMILY, "", 7)
    pdf.text(x + 3, y + 20.5, f"KPJ  {card.kpj}")
    pdf.text(x + 3, y + 24.5, f"NIK  {mask_nik(card.nik)}")
    pdf.text(x + 3, y + 28.5, f"Program  {program_names(card.programs)}")
    pdf.set_font(FONT_FAMILY, "", 6)
    pdf.text(x + 3, y + 34, _fit(pdf, employer, text_w))
    pdf.text(x + 3, y + 38, f"Berlaku sejak / valid from {long_date(card.valid_from)}")
    pdf.set_text_color(110)
    pdf.set_font(FONT_FAMILY, "", 5)
    pdf.text(x + 3, y + CARD_H - 6, "Periksa keabsahan: pindai kode QR")
    pdf.text(x + 3, y + CARD_H - 3.5, "Check validity: scan the QR code")
    url = verify_url(card_token(worker_id=card.worker_id, employer_id=employer_id))
    pdf.image(qr_image(url), x + CARD_W - QR_SIZE - 3, y + 12, QR_SIZE, QR_SIZE)


@dataclass(frozen=True)
class CertificateContent:
    """Everything the certificate page prints."""

    number: str
    employer: str
    npp: str
    employer_kind: str
    region: str
    programs: tuple[str, ...]
    program_labels: tuple[str, ...]
    effective_date: date
    participants: int
    issued_on: date
    branch_office: str
    verify_url: str
    synthetic: bool = False
    employer_address: str = ""


def render_certificate(content: CertificateContent) -> bytes:
    """The participation certificate: one A4 page with a signature block and a QR code."""
    pdf = new_document(title=f"Sertifikat kepesertaan {content.number}")
    pdf.add_page()
    pdf.set_margins(20, 20, 20)
    pdf.set_fill_color(*BAND)
    pdf.rect(0, 0, 210, 12, style="F")
    pdf.set_draw_color(*BAND)
    pdf.set_line_width(0.8)
    pdf.rect(10, 18, 190, 269, style="D")
    sender = office(content.branch_office)
    pdf.set_y(21)
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.cell(0, 5, sender.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 8.5)
    pdf.cell(0, 4.5, sender.address, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(32)
    pdf.set_font(FONT_FAMILY, "B", 22)
    pdf.cell(0, 11, "SERTIFIKAT KEPESERTAAN", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "I", 12)
    pdf.cell(0, 7, "Certificate of participation", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 11)
    pdf.cell(
        0,
        7,
        "Program Jaminan Sosial Ketenagakerjaan — BPJS Ketenagakerjaan",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, "B", 12)
    pdf.cell(0, 7, f"Nomor / Number: {content.number}", align="C", new_x="LMARGIN", new_y="NEXT")
    if content.synthetic:
        pdf.set_text_color(180, 0, 0)
        pdf.set_font(FONT_FAMILY, "B", 9)
        pdf.cell(
            0,
            6,
            "DATA DEMO SINTETIS / SYNTHETIC DEMO DATA",
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_text_color(0)
    pdf.ln(6)
    pdf.set_font(FONT_FAMILY, "", 11)
    pdf.multi_cell(
        0,
        6,
        "Dengan ini menerangkan bahwa / This is to certify that",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "B", 16)
    pdf.multi_cell(0, 9, content.employer, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    facts = [
        ("NPP", content.npp),
        *([("Alamat / Address", content.employer_address)] if content.employer_address else []),
        ("Jenis / Kind", content.employer_kind),
        ("Wilayah / Region", content.region),
        ("Program / Programmes", "\n".join(content.program_labels)),
        ("Berlaku sejak / Effective date", long_date(content.effective_date)),
        (
            "Jumlah peserta / Participants",
            f"{content.participants:,}".replace(",", ".")
            + f" (per {long_date(content.issued_on)})",
        ),
        ("Kantor cabang / Branch office", content.branch_office or "—"),
    ]
    pdf.set_font(FONT_FAMILY, "", 10.5)
    for label, value in facts:
        top = pdf.get_y()
        pdf.set_x(28)
        pdf.set_font(FONT_FAMILY, "", 10.5)
        pdf.multi_cell(62, 6.5, label, new_x="RIGHT", new_y="TOP")
        pdf.set_font(FONT_FAMILY, "B", 10.5)
        pdf.multi_cell(0, 6.5, value, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), top + 6.5) + 1.5)
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, "", 10.5)
    pdf.multi_cell(
        0,
        6,
        "telah terdaftar sebagai pemberi kerja peserta program jaminan sosial ketenagakerjaan "
        "di atas bagi pekerjanya.\n"
        "is registered as a participating employer in the social security programmes above "
        "for its workers.",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    signature_y = 205
    pdf.set_xy(105, signature_y)
    pdf.set_font(FONT_FAMILY, "", 10.5)
    pdf.multi_cell(
        85,
        6,
        f"Diterbitkan / issued {long_date(content.issued_on)}\n"
        f"Kepala {content.branch_office or 'Kantor Cabang'}",
        align="C",
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.set_xy(105, signature_y + 40)
    pdf.set_draw_color(0)
    pdf.set_line_width(0.3)
    pdf.line(120, signature_y + 38, 175, signature_y + 38)
    pdf.set_font(FONT_FAMILY, "I", 9)
    pdf.multi_cell(85, 5, "tanda tangan dan cap / signature and stamp", align="C")
    qr_top = signature_y - 2
    pdf.image(qr_image(content.verify_url), 25, qr_top, 40, 40)
    pdf.set_xy(20, qr_top + 42)
    pdf.set_font(FONT_FAMILY, "", 7.5)
    pdf.multi_cell(
        90,
        4,
        "Periksa keabsahan sertifikat ini dengan memindai kode QR.\n"
        "Check this certificate's validity by scanning the QR code.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_x(20)
    pdf.set_font(FONT_FAMILY, "", 6)
    pdf.multi_cell(90, 3.5, content.verify_url)
    pdf.set_xy(10, 280)
    pdf.set_font(FONT_FAMILY, "", 8)
    pdf.cell(190, 5, "Halaman 1 dari 1", align="C")
    return bytes(pdf.output())
