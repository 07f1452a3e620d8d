"""Errors of the rules: a broken parameter file, and a calculation the rules refuse."""

from payung.core.errors import DomainError, Refusal

MESSAGES: dict[str, tuple[str, str]] = {
    "date_before_rules": (
        "Tanggal {on} sebelum aturan berlaku ({start})",
        "Date {on} is before the rules begin ({start})",
    ),
    "negative_wage": ("Upah tidak boleh negatif", "The wage must not be negative"),
    "unknown_program": (
        "Program tidak dikenal: {program} (pilih dari {known})",
        "Unknown program: {program} (choose from {known})",
    ),
    "unknown_risk_class": (
        "Tingkat risiko tidak dikenal: {risk_class} (pilih dari {known})",
        "Unknown risk class: {risk_class} (choose from {known})",
    ),
    "unknown_kind": (
        "Jenis peserta tidak dikenal: {kind} (pu atau bpu)",
        "Unknown participant kind: {kind} (pu or bpu)",
    ),
    "unknown_employer_kind": (
        "Jenis pemberi kerja tidak dikenal: {employer_kind} (pilih dari {known})",
        "Unknown employer kind: {employer_kind} (choose from {known})",
    ),
    "unknown_income_bracket": (
        "Penghasilan BPU {income} bukan batas kelas yang diketahui ({known})",
        "BPU income {income} is not a known income bracket ({known})",
    ),
    "program_not_for_kind": (
        "Program {program} tidak dihitung untuk peserta {kind}",
        "Program {program} is not computed for {kind} participants",
    ),
    "no_parameter_value": (
        "Parameter {path} tidak punya nilai pada {on}",
        "Parameter {path} has no value on {on}",
    ),
    "negative_amount": ("Jumlah tidak boleh negatif", "The amount must not be negative"),
    "negative_months": (
        "Jumlah bulan tidak boleh negatif",
        "The number of months must not be negative",
    ),
    "negative_workers": (
        "Jumlah pekerja tidak boleh negatif",
        "The number of workers must not be negative",
    ),
    "negative_years": (
        "Masa iuran tidak boleh negatif",
        "The contribution years must not be negative",
    ),
    "not_a_number": ("Nilai {name} bukan angka", "The value of {name} is not a number"),
    "wage_too_high": (
        "Upah paling tinggi {maximum_id} sebulan",
        "The wage is at most {maximum_en} a month",
    ),
    "too_many_workers": (
        "Jumlah pekerja paling banyak {maximum_id}",
        "The number of workers is at most {maximum_en}",
    ),
    "too_many_months": (
        "Jumlah bulan paling banyak {maximum}",
        "The number of months is at most {maximum}",
    ),
    "too_many_years": (
        "Masa iuran paling lama {maximum} tahun",
        "The contribution years are at most {maximum}",
    ),
    "year_out_of_range": (
        "Tahun {year} di luar rentang {start}–{end}",
        "Year {year} is outside {start}–{end}",
    ),
    "percent_out_of_range": (
        "Persentase cacat harus antara 0 dan 100",
        "The disability percentage must be between 0 and 100",
    ),
    "unknown_transport_mode": (
        "Moda angkutan {mode} tidak dikenal (land, sea, air)",
        "Transport mode {mode} is unknown (land, sea, air)",
    ),
    "unknown_formula": (
        "Rumus {formula} versi {version} tidak dikenal",
        "Formula {formula} version {version} is unknown",
    ),
}


class RuleError(DomainError):
    """The rules refuse a calculation; `code` is stable, the message is bilingual."""

    def __init__(self, code: str, field: str = "", **values: object) -> None:
        message_id, message_en = MESSAGES[code]
        super().__init__(
            Refusal(
                code=code,
                message_id=message_id.format(**values),
                message_en=message_en.format(**values),
                field=field,
            )
        )

    @property
    def message(self) -> str:
        """Indonesian first, then English, on one line."""
        return self.refusals[0].message

    def as_dict(self) -> dict[str, str]:
        """The JSON body of an API error: code, message and both languages."""
        return self.refusals[0].as_dict()


class ParameterError(Exception):
    """A parameter file is malformed; the message names the file and the problem."""
