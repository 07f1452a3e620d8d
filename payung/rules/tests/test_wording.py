"""A parameter's citation and value in words for people, and its confidence in words."""

from payung.rules.wording import (
    citation,
    confidence_wording,
    explanation_wording,
    note_wording,
    parameter_wording,
    source_wording,
)


def used(path: str, value: object, regulation: str, article: str, confidence: str = "H") -> dict:
    return {
        "path": path,
        "value": value,
        "regulation": regulation,
        "article": article,
        "confidence": confidence,
    }


def test_the_jkk_rate_reads_as_the_regulation_says_it() -> None:
    jkk = used("contributions/jkk/very_low", "0.0024", "PP 44/2015", "Pasal 16 and Lampiran I")
    assert parameter_wording(jkk) == (
        "PP 44/2015 Pasal 16 dan Lampiran I: JKK 0,24% untuk risiko sangat rendah"
    )


def test_research_notes_and_missing_regulations_are_not_cited() -> None:
    assert citation("PP 44/2015", "(article not verified)") == "PP 44/2015"
    assert citation("PP 49/2020", "Pasal 23 (months 2020-08 to 2021-01)") == "PP 49/2020 Pasal 23"
    assert citation("No regulation found", "") == ""
    step = used("rounding/step", "1", "No regulation found", "", confidence="L")
    assert parameter_wording(step).startswith("setiap iuran per pekerja")
    assert "No regulation" not in parameter_wording(step)


def test_values_without_words_are_left_out_and_sentences_come_once() -> None:
    contents = [
        {"parameters": [used("relief/programs", ["jkk", "jkm"], "PP 49/2020", "Pasal 4")]},
        {"parameters": [used("contributions/jkm/employer", "0.0030", "PP 44/2015", "Pasal 18")]},
        {"parameters": [used("contributions/jkm/employer", "0.0030", "PP 44/2015", "Pasal 18")]},
    ]
    assert explanation_wording(contents) == [
        "PP 44/2015 Pasal 18: JKM 0,3% dari upah, dibayar pemberi kerja"
    ]


def test_a_late_fee_explanation_is_read_through_its_nesting() -> None:
    fee = {
        "amount": "100",
        "explanation": {
            "parameters": [used("payment/late_fee_rate", "0.02", "PP 44/2015", "(not verified)")]
        },
    }
    assert explanation_wording([fee]) == [
        "PP 44/2015: denda 2% per bulan keterlambatan dari iuran yang terlambat"
    ]


def test_confidence_sources_and_notes_in_words() -> None:
    assert confidence_wording("H").startswith("pasti")
    assert confidence_wording("unknown").startswith("belum pasti")
    assert confidence_wording("nonsense").startswith("belum pasti")
    where = (
        'JDIH BPK (peraturan.bpk.go.id), search "Peraturan Pemerintah 44 Tahun 2015"; '
        "summarised in Payung regulation facts (shared/domain/regulation-facts.md)"
    )
    source = source_wording(where)
    assert source == 'JDIH BPK (peraturan.bpk.go.id), cari "Peraturan Pemerintah 44 Tahun 2015"'
    assert ".md" not in source
    note = note_wording("JP is computed on the wage ceiling, not the whole wage.")
    assert note.startswith("JP dihitung dari batas upah")
    assert note.endswith(" / JP is computed on the wage ceiling, not the whole wage.")
