"""Bill and statement documents: the bill as PDF (total in Indonesian words), the statement as
PDF and .xlsx."""

import io
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from num2words import num2words

from payung.core.money import rupiah
from payung.core.pdf import FONT_FAMILY, new_document
from payung.core.spreadsheets import new_workbook, write_cells

from .models import Bill, BillLine, RuleExplanation
from .selectors import Statement


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
        pdf.cell(55, 6, label)
        pdf.set_font(FONT_FAMILY, "B", 10)
        pdf.cell(0, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def bill_pdf(bill: Bill) -> bytes:
    """The bill: who owes what for which month, per program, the total in words, and why."""
    employer = bill.employer
    pdf = new_document(title=f"Tagihan iuran {employer.name} {bill.period}")
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", 14)
    pdf.cell(0, 8, "TAGIHAN IURAN BPJS KETENAGAKERJAAN", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", 9)
    pdf.cell(0, 5, "Contribution bill", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    _facts(
        pdf,
        [
            ("Pemberi kerja / employer", employer.name),
            ("NPP", employer.npp or "—"),
            ("Periode / period", bill.period),
            ("Status", f"{bill.get_state_display()} ({bill.state})"),
            ("Kode pembayaran / payment code", bill.payment_code or "— (draf / draft)"),
            ("Jatuh tempo / due", bill.due_date.isoformat() if bill.due_date else "—"),
            ("Peserta / participants", f"{bill.participants:,}".replace(",", ".")),
        ],
    )
    pdf.ln(3)
    widths = [(46, "L"), (24, "R"), (40, "R"), (36, "R"), (40, "R")]
    header = ["Program", "Baris", "Pemberi kerja", "Pekerja", "Jumlah"]
    _row(pdf, [(text, w, a) for text, (w, a) in zip(header, widths, strict=True)], bold=True)
    for row in program_totals(bill):
        employer_part, worker_part = Decimal(row["employer"] or 0), Decimal(row["worker"] or 0)
        label = row["program"].upper() + (" (penyesuaian)" if row["kind"] == "adjustment" else "")
        cells = [
            label,
            f"{row['lines']:,}".replace(",", "."),
            rupiah(employer_part),
            rupiah(worker_part),
            rupiah(employer_part + worker_part),
        ]
        _row(pdf, [(text, w, a) for text, (w, a) in zip(cells, widths, strict=True)])
    total = ["JUMLAH / TOTAL", "", rupiah(bill.employer_amount), rupiah(bill.worker_amount)]
    total.append(rupiah(bill.total))
    _row(pdf, [(text, w, a) for text, (w, a) in zip(total, widths, strict=True)], bold=True)
    pdf.ln(3)
    pdf.set_font(FONT_FAMILY, "", 10)
    pdf.multi_cell(
        0, 6, f"Terbilang / in words: {in_words(bill.total)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    if bill.notes:
        pdf.multi_cell(0, 6, bill.notes, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.cell(0, 6, "Dasar perhitungan / how it was computed", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", 8)
    seen: set[tuple[str, str]] = set()
    for explanation in bill_explanations(bill):
        for used in explanation.content.get("parameters", []):
            key = (used["path"], str(used["value"]))
            if key in seen:
                continue
            seen.add(key)
            mark = " [keyakinan rendah / low confidence]" if used.get("low_confidence") else ""
            pdf.multi_cell(
                0,
                4.5,
                f"{used['path']} = {used['value']} (sejak {used['effective_from']}): "
                f"{used['reference']}{mark}",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
    return bytes(pdf.output())


def statement_pdf(statement: Statement) -> bytes:
    """The statement: per month billed, paid, owed, late fees; the payments; the balance."""
    employer = statement.employer
    pdf = new_document(title=f"Rekening koran iuran {employer.name}")
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", 14)
    pdf.cell(0, 8, "REKENING IURAN / CONTRIBUTION STATEMENT", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    _facts(
        pdf,
        [
            ("Pemberi kerja / employer", employer.name),
            ("NPP", employer.npp or "—"),
            ("Per tanggal / as of", statement.on.isoformat()),
            ("Ditagih / billed", rupiah(statement.billed)),
            ("Dibayar / paid", rupiah(statement.paid)),
            ("Terutang / owed", rupiah(statement.owed)),
            ("Denda / late fees", rupiah(statement.fees)),
            ("Kredit / credit", rupiah(statement.credit)),
        ],
    )
    pdf.ln(3)
    widths = [(20, "L"), (24, "L"), (34, "R"), (34, "R"), (34, "R"), (30, "R")]
    header = ["Periode", "Jatuh tempo", "Ditagih", "Dibayar", "Terutang", "Denda"]
    _row(pdf, [(text, w, a) for text, (w, a) in zip(header, widths, strict=True)], bold=True)
    for row in statement.bills:
        cells = [
            row.bill.period,
            row.bill.due_date.isoformat() if row.bill.due_date else "—",
            rupiah(row.bill.total),
            rupiah(row.paid),
            rupiah(row.unpaid),
            rupiah(row.late_fee + row.fees_charged),
        ]
        _row(pdf, [(text, w, a) for text, (w, a) in zip(cells, widths, strict=True)])
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.cell(0, 6, "Pembayaran / payments", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    widths = [(26, "L"), (70, "L"), (40, "L"), (40, "R")]
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
        cells = [payment.date.isoformat(), payment.reference, payment.channel]
        cells.append(rupiah(payment.amount))
        _row(pdf, [(text, w, a) for text, (w, a) in zip(cells, widths, strict=True)])
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
