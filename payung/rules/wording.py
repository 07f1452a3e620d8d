"""A rule parameter's citation and value in words for people, and its confidence in words.

"PP 44/2015 Pasal 16 dan Lampiran I: JKK 0,24% untuk risiko sangat rendah" — what bills, PDFs
and the calculator's basis fold show. Parameter keys, file paths, where a value was read and
research notes stay in the reference for engineers and auditors; none of them reach this text.
Works on a used parameter as stored beside an amount (`UsedParameter.as_dict()`), so a bill
from 2018 is worded from what it stored.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

RISK_CLASSES = {
    "very_low": "sangat rendah",
    "low": "rendah",
    "medium": "sedang",
    "high": "tinggi",
    "very_high": "sangat tinggi",
}
EMPLOYER_KINDS = {
    "provincial_government": "pemerintah provinsi",
    "regency_government": "pemerintah kabupaten",
    "city_government": "pemerintah kota",
    "village_government": "pemerintah desa",
}
PROGRAMS = {"jkk": "JKK", "jkm": "JKM", "jht": "JHT", "jp": "JP"}
# What the references say in English, in the words of an Indonesian letter.
REGULATION_WORDS = (
    ("Governor's decree on the", "Keputusan Gubernur tentang"),
    ("Governor's decree", "Keputusan Gubernur"),
    ("Mayor's decree on the", "Keputusan Wali Kota tentang"),
    ("Regent's decree on the", "Keputusan Bupati tentang"),
)
ARTICLE_WORDS = ((r"\band\b", "dan"), (r"\bArticle\b", "Pasal"), (r"\bAnnex\b", "Lampiran"))
NO_REGULATION = "no regulation found"
# Benefit parameters: the sentence and how its value is shown (pct, rp or n).
BENEFIT_WORDS = {
    "benefits/jkk/death_wage_multiple": (
        "santunan kematian karena kecelakaan kerja {} kali upah sebulan",
        "n",
    ),
    "benefits/jkk/disability_wage_multiple": ("santunan cacat {} kali upah sebulan", "n"),
    "benefits/jkk/death_funeral": ("biaya pemakaman {}", "rp"),
    "benefits/jkk/death_periodic": ("santunan berkala {}", "rp"),
    "benefits/jkk/stmb/full_ratio": ("STMB {} dari upah pada masa pertama", "pct"),
    "benefits/jkk/stmb/full_months": ("masa pertama STMB {} bulan", "n"),
    "benefits/jkk/stmb/reduced_ratio": ("STMB {} dari upah pada masa kedua", "pct"),
    "benefits/jkk/stmb/reduced_months": ("masa kedua STMB {} bulan", "n"),
    "benefits/jkk/stmb/remaining_ratio": ("STMB {} dari upah sesudahnya", "pct"),
    "benefits/jkm/lump_sum": ("santunan sekaligus JKM {}", "rp"),
    "benefits/jkm/periodic_monthly": ("santunan berkala JKM {} sebulan", "rp"),
    "benefits/jkm/periodic_months": ("santunan berkala JKM dibayar {} bulan", "n"),
    "benefits/jkm/funeral": ("biaya pemakaman JKM {}", "rp"),
}
# Confidence as stored (H, M-H, M, L, unknown), for officers.
CONFIDENCE_WORDS = {
    "H": "pasti: dibaca dari teks peraturan",
    "M-H": "cukup pasti: dari peraturan dan sumber resmi yang saling cocok",
    "M": "cukup pasti: dari sumber resmi, teks peraturan belum dibaca langsung",
    "L": "kurang pasti: disimpulkan dari praktik atau angka yang dilaporkan; perlu dicek",
    "unknown": "belum pasti: peraturan belum jelas mengatur hal ini; perlu dicek",
}


# The numbers' language: Indonesian (documents are Indonesian letters) unless a page in English
# asks for its own format with `numbers_in`.
_ENGLISH_NUMBERS: ContextVar[bool] = ContextVar("english_numbers", default=False)


@contextmanager
def numbers_in(language: str | None) -> Iterator[None]:
    """Word numbers in `language`'s format (`2,500,000` in English) inside the block."""
    token = _ENGLISH_NUMBERS.set((language or "id").startswith("en"))
    try:
        yield
    finally:
        _ENGLISH_NUMBERS.reset(token)


def number(value: Decimal) -> str:
    """A number the Indonesian way: 0.24 → `0,24`, 2500000 → `2.500.000`; inside
    `numbers_in("en")`, `0.24` and `2,500,000`."""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    if _ENGLISH_NUMBERS.get():
        return f"{int(whole):,}" + (f".{fraction}" if fraction else "")
    return f"{int(whole):,}".replace(",", ".") + (f",{fraction}" if fraction else "")


def percent(value: Any) -> str:
    """A ratio in percent: 0.0024 → `0,24%`."""
    return f"{number(Decimal(str(value)) * 100)}%"


def rupiah(value: Any) -> str:
    """`2500000` → `Rp2.500.000`."""
    return f"Rp{number(Decimal(str(value)))}"


def citation(regulation: str, article: str = "") -> str:
    """The regulation and article as a letter cites them; empty when no regulation is known.

    Parenthesised research notes ("(article not verified)") are left out.
    """
    regulation = re.sub(r"\s*\([^)]*\)", "", regulation or "").strip()
    if not regulation or regulation.lower().startswith(NO_REGULATION):
        return ""
    for english, indonesian in REGULATION_WORDS:
        regulation = regulation.replace(english, indonesian)
    article = re.sub(r"\([^)]*\)", "", article or "").strip()
    for pattern, words in ARTICLE_WORDS:
        article = re.sub(pattern, words, article)
    return f"{regulation} {article}".strip() if article else regulation


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def value_words(path: str, value: Any) -> str:
    """What the value means, in words: `contributions/jkk/very_low`, 0.0024 → "JKK 0,24% untuk
    risiko sangat rendah". Empty for values a reader needs no words for."""
    parts = path.split("/")
    last = parts[-1]
    if path.startswith("contributions/jkk/") and last in RISK_CLASSES:
        return f"JKK {percent(value)} untuk risiko {RISK_CLASSES[last]}"
    if parts[0] == "contributions" and len(parts) == 3 and parts[1] in PROGRAMS:
        program = PROGRAMS[parts[1]]
        if last == "employer":
            return f"{program} {percent(value)} dari upah, dibayar pemberi kerja"
        if last == "worker":
            return f"{program} {percent(value)} dari upah, dibayar pekerja"
        if last == "wage_ceiling":
            return f"batas upah {program} {rupiah(value)}"
    if path == "payment/late_fee_rate":
        return f"denda {percent(value)} per bulan keterlambatan dari iuran yang terlambat"
    if path == "payment/due_day_of_next_month":
        return f"iuran dibayar paling lambat tanggal {value} bulan berikutnya"
    if path.startswith("payment/late_fee_applies/"):
        kind = EMPLOYER_KINDS.get(last, last.replace("_", " "))
        return f"denda keterlambatan {'berlaku' if value else 'tidak berlaku'} bagi {kind}"
    if path == "relief/discount":
        if value in (None, "", 0, "0"):
            return ""
        return f"keringanan iuran JKK dan JKM sebesar {percent(value)} (masa pandemi COVID-19)"
    if path.startswith("wages/umk/"):
        return f"upah minimum kabupaten/kota {rupiah(value)} sebulan"
    if path.startswith("wages/ump/"):
        return f"upah minimum provinsi {rupiah(value)} sebulan"
    benefit = BENEFIT_WORDS.get(path)
    if benefit is not None:
        template, kind = benefit
        shown = {"pct": percent, "rp": rupiah, "n": lambda v: number(Decimal(str(v)))}[kind]
        return template.format(shown(value))
    if path == "rounding/step":
        amount = _decimal(value)
        step = rupiah(amount) if amount is not None else str(value)
        return f"setiap iuran per pekerja per program dibulatkan ke bawah ke kelipatan {step}"
    return ""


def parameter_wording(used: Mapping[str, Any]) -> str:
    """One used parameter (as stored) in words: "citation: meaning", or either alone."""
    cited = citation(str(used.get("regulation", "")), str(used.get("article", "")))
    meaning = value_words(str(used.get("path", "")), used.get("value"))
    if cited and meaning:
        return f"{cited}: {meaning}"
    return meaning or ""


def confidence_wording(confidence: str) -> str:
    """A stored confidence (H, M-H, M, L, unknown) in words for officers."""
    return CONFIDENCE_WORDS.get(confidence, CONFIDENCE_WORDS["unknown"])


def _parameters(content: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The used parameters of a stored explanation, also when nested (a late fee's)."""
    found = list(content.get("parameters", []))
    nested = content.get("explanation")
    if isinstance(nested, Mapping):
        found.extend(nested.get("parameters", []))
    return found


def explanation_wording(contents: Iterable[Mapping[str, Any]]) -> list[str]:
    """The sentences behind one or more stored explanations, each once, in order of use.

    Values without words for people (codes, lists, the rules' start date) are left out; so
    are the notes, which are written for engineers.
    """
    sentences: list[str] = []
    for content in contents:
        for used in _parameters(content):
            sentence = parameter_wording(used)
            if sentence and sentence not in sentences:
                sentences.append(sentence)
    return sentences


@dataclass(frozen=True)
class WordedParameter:
    """A used parameter for an officer: the sentence, and how sure the value is, in words."""

    sentence: str
    confidence: str
    low_confidence: bool


def explanation_for_officers(contents: Iterable[Mapping[str, Any]]) -> list[WordedParameter]:
    """As `explanation_wording`, each sentence with its confidence in words."""
    found: dict[str, WordedParameter] = {}
    for content in contents:
        for used in _parameters(content):
            sentence = parameter_wording(used)
            if sentence and sentence not in found:
                confidence = str(used.get("confidence", "unknown"))
                found[sentence] = WordedParameter(
                    sentence,
                    confidence_wording(confidence),
                    bool(used.get("low_confidence", confidence in ("L", "unknown"))),
                )
    return list(found.values())


# The formulas' notes (English, for every reader) with their Indonesian wording in front.
NOTE_WORDS = (
    (r"^JP is computed on the wage ceiling", "JP dihitung dari batas upah, bukan seluruh upah"),
    (
        r"^PP 49/2020 relief: only the undiscounted",
        "Keringanan PP 49/2020: hanya bagian iuran JKK/JKM yang tidak didiskon yang dibayar",
    ),
    (
        r"^PP 49/2020 relief not applied",
        "Keringanan PP 49/2020 tidak berlaku bagi jenis pemberi kerja ini",
    ),
    (
        r"falls on a weekend",
        "Jatuh tempo pada akhir pekan bergeser ke hari kerja berikutnya (hari libur belum "
        "diperhitungkan)",
    ),
    (r"^No UMK of .* is known", "UMK wilayah ini belum diketahui: dipakai UMP provinsi"),
    (
        r"^No .* account code is known for",
        "Kode rekening anggaran untuk program ini belum diketahui",
    ),
    (r"^BPU:", "BPU: peserta membayar sendiri (pemerintah dapat membayarkannya)"),
    (
        r"^Contribution years not given",
        "Masa iur tidak diisi: hak beasiswa belum dapat ditentukan",
    ),
)


def note_wording(note: str) -> str:
    """A formula's note as "Indonesian / English" where its wording is known."""
    for pattern, indonesian in NOTE_WORDS:
        if re.search(pattern, note):
            return f"{indonesian} / {note}"
    return note


def source_wording(where: str) -> str:
    """Where to read the regulation, without the repository's own documents and file paths."""
    parts = [
        part.strip()
        for part in re.split(r";", re.sub(r"\([^)]*\.md[^)]*\)", "", where or ""))
        if part.strip() and ".md" not in part and "Payung" not in part
    ]
    text = "; ".join(part.replace(" search ", " cari ") for part in parts)
    return re.sub(r"^Inferred from reported Sultra figures", SULTRA_FIGURES, text)


SULTRA_FIGURES = "disimpulkan dari angka iuran yang dilaporkan di Sulawesi Tenggara"
