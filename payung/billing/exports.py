"""Bill and statement documents: the bill as PDF (total in Indonesian words), the statement as
PDF and .xlsx."""

import io
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.timezone import localdate
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from num2words import num2words

from payung.core.letters import (
    Letter,
    indonesian_date,
    indonesian_month,
    new_letter,
    signature_block,
)
from payung.core.money import rupiah
from payung.core.pdf import FONT_FAMILY
from payung.core.spreadsheets import CsvWriter, new_workbook, write_cells
from payung.employers.models import Employer
from payung.rules.wording import explanation_wording

from .models import Bill, BillLine, RuleExplanation
from .periods import parse_period
from .selectors import RegionArrears, Statement


def in_words(amount: Decimal | int) -> str:
    """The amount in Indonesian words: 10800 → "sepuluh ribu delapan ratus rupiah"."""
    return f"{num2words(int(Decimal(amount)), lang='id')} rupiah"


def program_totals(bill: Bill) -> list[dict[str, Any]]:
    """Per program and line kind: lines, employer and worker shares (one grouped query)."""
    rows = (
        BillLine.objects.filter(bill=bill)
        .values("program", "kind")
        .annotate(lines=Count("pk"), employer=Sum("employer_amount"), worker=Sum("worker_amount"))
        .order_by("kind", "program")
    )
    return [dict(row) for row in rows]


def bill_explanations(bill: Bill) -> list[RuleExplanation]:
    """The distinct rule explanations behind the bill's lines."""
    used = BillLine.objects.filter(bill=bill).values("explanation_id").distinct()
    return list(RuleExplanation.objects.filter(pk__in=used).order_by("pk"))


def _row(pdf: FPDF, cells: list[tuple[str, float, str]], bold: bool = False) -> None:
    pdf.set_font(FONT_FAMILY, "B" if bold else "", 9)
    for text, width, align in cells:
        pdf.cell(width, 6, text, border=1, align=align)
    pdf.ln(6)


def _facts(pdf: FPDF, facts: list[tuple[str, str]]) -> None:
    for label, value in facts:
        pdf.set_font(FONT_FAMILY, "", 10)
        pdf.cell(55, 5.5, label)
        pdf.set_font(FONT_FAMILY, "B", 10)
        pdf.cell(0, 5.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _branch(employer: Employer) -> str:
    return employer.branch_office.name if employer.branch_office else ""


def _heading(pdf: FPDF, title: str, subtitle: str) -> None:
    pdf.set_font(FONT_FAMILY, "B", 14)
    pdf.cell(0, 8, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", 10)
    pdf.cell(0, 5, subtitle, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _addressee(pdf: FPDF, employer: Employer) -> None:
    """Kepada Yth.: the employer's name, address and NPP."""
    pdf.set_font(FONT_FAMILY, "", 10)
    pdf.cell(0, 5, "Kepada Yth.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.multi_cell(110, 5, employer.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", 10)
    address = employer.address or f"{employer.region.name}"
    pdf.multi_cell(110, 5, address, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 5, f"NPP: {employer.npp or '—'}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _label(row: dict[str, Any]) -> str:
    if row["kind"] == "late_fee":
        return "Denda keterlambatan"
    label = str(row["program"]).upper()
    return label + (" (penyesuaian)" if row["kind"] == "adjustment" else "")


def _payment_box(pdf: FPDF, bill: Bill) -> None:
    """The payment code on its own line under its label, in a box: nothing prints over it."""
    top = pdf.get_y()
    pdf.set_font(FONT_FAMILY, "", 9)
    pdf.set_xy(pdf.l_margin + 3, top + 2)
    pdf.cell(0, 5, "Kode pembayaran", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(pdf.l_margin + 3)
    if bill.payment_code:
        pdf.set_font(FONT_FAMILY, "B", 16)
        pdf.cell(0, 9, bill.payment_code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.set_font(FONT_FAMILY, "B", 11)
        pdf.cell(
            0, 9, "DRAF: belum dapat dibayar (belum final)", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    height = pdf.get_y() - top + 2
    pdf.rect(pdf.l_margin, top, pdf.w - pdf.l_margin - pdf.r_margin, height)
    pdf.set_y(top + height + 3)


def _how_to_pay(pdf: Letter, bill: Bill) -> None:
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.cell(0, 6, "Cara membayar", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", 9)
    for number, channel in enumerate(pdf.sender.channels, start=1):
        pdf.multi_cell(0, 4.5, f"{number}. {channel}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if bill.due_date:
        pdf.multi_cell(
            0,
            4.5,
            f"Mohon dibayar paling lambat {indonesian_date(bill.due_date)}. Iuran yang dibayar "
            "setelah jatuh tempo dikenai denda keterlambatan, ditagihkan pada tagihan berikutnya.",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.ln(2)


def basis_sentences(bill: Bill) -> list[str]:
    """How the bill was computed, in words for the recipient (no keys, paths or notes)."""
    sentences = [
        "Iuran dihitung per pekerja dari upah yang dilaporkan pemberi kerja dan berlaku pada "
        "hari terakhir bulan tagihan."
    ]
    contents = [explanation.content for explanation in bill_explanations(bill)]
    return sentences + explanation_wording(contents)


def bill_pdf(bill: Bill) -> bytes:
    """The bill as a letter: addressee, amounts per program, the total in words, the payment
    code and how to pay, how it was computed, the signature and QR block, page numbers."""
    employer = bill.employer
    month = parse_period(bill.period)
    pdf = new_letter(
        title=f"Tagihan iuran {employer.name} {bill.period}", branch_office=_branch(employer)
    )
    pdf.add_page()
    _heading(
        pdf,
        "TAGIHAN IURAN BPJS KETENAGAKERJAAN",
        f"Jaminan Kecelakaan Kerja dan Jaminan Kematian · {indonesian_month(month)}",
    )
    _addressee(pdf, employer)
    issued = bill.finalized_at or bill.issued_at
    _facts(
        pdf,
        [
            ("Periode iuran", indonesian_month(month)),
            ("Status", bill.get_state_display()),
            ("Tanggal tagihan", indonesian_date(localdate(issued)) if issued else "—"),
            ("Jatuh tempo", indonesian_date(bill.due_date) if bill.due_date else "—"),
            ("Jumlah peserta", f"{bill.participants:,}".replace(",", ".")),
        ],
    )
    pdf.ln(3)
    widths = [(52, "L"), (22, "R"), (38, "R"), (34, "R"), (40, "R")]
    header = ["Program", "Baris", "Pemberi kerja", "Pekerja", "Jumlah"]
    _row(pdf, [(text, w, a) for text, (w, a) in zip(header, widths, strict=True)], bold=True)
    for row in program_totals(bill):
        employer_part, worker_part = Decimal(row["employer"] or 0), Decimal(row["worker"] or 0)
        cells = [
            _label(row),
            f"{row['lines']:,}".replace(",", "."),
            rupiah(employer_part),
            rupiah(worker_part),
            rupiah(employer_part + worker_part),
        ]
        _row(pdf, [(text, w, a) for text, (w, a) in zip(cells, widths, strict=True)])
    total = ["JUMLAH", "", rupiah(bill.employer_amount), rupiah(bill.worker_amount)]
    total.append(rupiah(bill.total))
    _row(pdf, [(text, w, a) for text, (w, a) in zip(total, widths, strict=True)], bold=True)
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "I", 10)
    words = in_words(bill.total)
    pdf.multi_cell(
        0, 5, f"Terbilang: {words[:1].upper()}{words[1:]}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(3)
    _payment_box(pdf, bill)
    _how_to_pay(pdf, bill)
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.cell(0, 6, "Dasar perhitungan", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", 8.5)
    for sentence in basis_sentences(bill):
        pdf.multi_cell(0, 4.5, f"• {sentence}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    signature_block(
        pdf,
        on=localdate(issued) if issued else localdate(),
        qr_text=bill.payment_code,
        qr_caption="Pindai untuk membaca kode pembayaran" if bill.payment_code else "",
    )
    return bytes(pdf.output())


def statement_pdf(statement: Statement) -> bytes:
    """The statement as a letter: per month billed, paid, owed and late fees; the payments; the
    balance; signature block and page numbers."""
    employer = statement.employer
    pdf = new_letter(title=f"Rekening iuran {employer.name}", branch_office=_branch(employer))
    pdf.add_page()
    _heading(
        pdf,
        "REKENING IURAN BPJS KETENAGAKERJAAN",
        f"Keadaan per {indonesian_date(statement.on)}",
    )
    _addressee(pdf, employer)
    _facts(
        pdf,
        [
            ("Jumlah ditagih", rupiah(statement.billed)),
            ("Jumlah dibayar", rupiah(statement.paid)),
            ("Sisa terutang", rupiah(statement.owed)),
            ("Denda keterlambatan", rupiah(statement.fees)),
            ("Kredit", rupiah(statement.credit)),
        ],
    )
    if statement.unbilled_periods:
        first = indonesian_month(parse_period(statement.unbilled_periods[0]))
        last = indonesian_month(parse_period(statement.unbilled_periods[-1]))
        pdf.ln(1)
        pdf.set_font(FONT_FAMILY, "B", 9.5)
        pdf.multi_cell(
            0,
            5,
            f"Belum ditagih: {len(statement.unbilled_periods)} bulan ({first} – {last}), "
            f"perkiraan {rupiah(statement.unbilled_estimate)}. Tagihan bulan-bulan ini akan "
            "diterbitkan menyusul.",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.ln(3)
    widths = [(30, "L"), (34, "L"), (32, "R"), (32, "R"), (32, "R"), (26, "R")]
    header = ["Periode", "Jatuh tempo", "Ditagih", "Dibayar", "Terutang", "Denda"]
    _row(pdf, [(text, w, a) for text, (w, a) in zip(header, widths, strict=True)], bold=True)
    for row in statement.bills:
        cells = [
            indonesian_month(parse_period(row.bill.period)),
            indonesian_date(row.bill.due_date) if row.bill.due_date else "—",
            rupiah(row.bill.total),
            rupiah(row.paid),
            rupiah(row.unpaid),
            rupiah(row.fees),
        ]
        _row(pdf, [(text, w, a) for text, (w, a) in zip(cells, widths, strict=True)])
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.cell(0, 6, "Pembayaran", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    widths = [(34, "L"), (72, "L"), (40, "L"), (40, "R")]
    _row(
        pdf,
        [
            (text, w, a)
            for text, (w, a) in zip(
                ["Tanggal", "Referensi", "Saluran", "Jumlah"], widths, strict=True
            )
        ],
        bold=True,
    )
    for payment in statement.payments:
        reference = payment.reference
        if payment.reverses_id:
            reference = f"{reference} (pembatalan)"
        cells = [indonesian_date(payment.date), reference, payment.channel]
        cells.append(rupiah(payment.amount))
        _row(pdf, [(text, w, a) for text, (w, a) in zip(cells, widths, strict=True)])
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "", 8.5)
    pdf.multi_cell(
        0,
        4.5,
        "Kolom Denda: denda atas pembayaran yang terlambat, ditambah denda yang masih berjalan "
        "atas iuran yang belum dibayar per tanggal rekening ini. Denda atas pembayaran terlambat "
        "ditagihkan sebagai baris tersendiri pada tagihan berikutnya.",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    signature_block(pdf, on=statement.on)
    return bytes(pdf.output())


def statement_xlsx(statement: Statement) -> bytes:
    """The statement as a workbook: one sheet of bills, one of payments.

    Text (a payment reference, an employer's name) is written as text cells, never as formulas.
    """
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, in_memory=True)
    money = workbook.add_format({"num_format": "#,##0"})
    bold = workbook.add_format({"bold": True})
    bills = workbook.add_worksheet("Tagihan")
    header = ["periode", "status", "jatuh_tempo", "peserta", "ditagih", "dibayar", "terutang"]
    header += ["bulan_terlambat", "denda_berjalan", "denda_dikenakan", "kode_pembayaran"]
    write_cells(bills, 0, 0, header, bold)
    for index, row in enumerate(statement.bills, start=1):
        write_cells(
            bills,
            index,
            0,
            [
                row.bill.period,
                row.bill.state,
                row.bill.due_date.isoformat() if row.bill.due_date else "",
                row.bill.participants,
            ],
        )
        for column, value in enumerate([row.bill.total, row.paid, row.unpaid], start=4):
            bills.write_number(index, column, float(value), money)
        bills.write_number(index, 7, row.months_late)
        bills.write_number(index, 8, float(row.late_fee), money)
        bills.write_number(index, 9, float(row.fees_charged), money)
        bills.write_string(index, 10, row.bill.payment_code)
    total_row = len(statement.bills) + 2
    write_cells(bills, total_row, 0, [statement.employer.name, statement.employer.npp or ""], bold)
    for column, (label, value) in enumerate(
        [
            ("ditagih", statement.billed),
            ("dibayar", statement.paid),
            ("terutang", statement.owed),
            ("denda", statement.fees),
            ("kredit", statement.credit),
        ]
    ):
        bills.write_string(total_row + 1, column, label, bold)
        bills.write_number(total_row + 2, column, float(value), money)
    payments = workbook.add_worksheet("Pembayaran")
    write_cells(payments, 0, 0, ["tanggal", "referensi", "saluran", "jumlah"], bold)
    for index, payment in enumerate(statement.payments, start=1):
        write_cells(payments, index, 0, [payment.date, payment.reference, payment.channel])
        payments.write_number(index, 3, float(payment.amount), money)
    workbook.close()
    return buffer.getvalue()


ARREARS_HEADER = [
    "npp",
    "pemberi_kerja",
    "wilayah",
    "sejak",
    "tagihan_menunggak",
    "belum_dibayar",
    "denda",
    "bulan_belum_ditagih",
    "periode_belum_ditagih",
    "perkiraan_belum_ditagih",
]


def _arrears_rows(arrears: RegionArrears) -> list[list[Any]]:
    return [
        [
            row.employer.npp or "",
            row.employer.name,
            row.employer.region_id,
            row.oldest_period,
            len(row.bills),
            row.unpaid,
            row.late_fees,
            len(row.unbilled_periods),
            " ".join(row.unbilled_periods),
            row.unbilled_estimate,
        ]
        for row in arrears.employers
    ]


def indonesian_number(value: Decimal) -> int | str:
    """A CSV amount for a spreadsheet set to Indonesian: whole Rupiah as an integer, else with a
    decimal comma (`1234,5`); a point would be read as a thousands separator."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return format(value, "f").replace(".", ",")


def arrears_csv(arrears: RegionArrears) -> bytes:
    """The arrears as CSV for Indonesian Excel: `;` between cells, decimal commas, UTF-8 with a
    byte order mark (so that Excel reads the names' letters right)."""
    out = io.StringIO()
    writer = CsvWriter(out, delimiter=";")
    writer.writerow(ARREARS_HEADER)
    for row in _arrears_rows(arrears):
        writer.writerow(
            [indonesian_number(cell) if isinstance(cell, Decimal) else cell for cell in row]
        )
    return out.getvalue().encode("utf-8-sig")


def arrears_xlsx(arrears: RegionArrears) -> bytes:
    """The arrears as a workbook: amounts as numbers (Excel shows them the reader's way)."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, in_memory=True)
    money = workbook.add_format({"num_format": "#,##0"})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet("Tunggakan")
    write_cells(sheet, 0, 0, ARREARS_HEADER, bold)
    for index, row in enumerate(_arrears_rows(arrears), start=1):
        for column, cell in enumerate(row):
            if isinstance(cell, Decimal):
                sheet.write_number(index, column, float(cell), money)
            elif isinstance(cell, int):
                sheet.write_number(index, column, cell)
            else:
                sheet.write_string(index, column, str(cell))
    workbook.close()
    return buffer.getvalue()
