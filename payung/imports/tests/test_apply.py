"""Applying a roster through `import_roster`: what is created, updated, ended, and recorded."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from python_calamine import CalamineWorkbook

from payung.core.errors import DomainError
from payung.core.tests.xlsx_cells import formulas, shared_strings
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Enrollment
from payung.imports.models import ImportedRow
from payung.imports.services import (
    ImportRefused,
    import_roster,
    resolve_employer,
    write_error_report,
)
from payung.workers.models import Employment, Wage, Worker

from .rosters import HEADER, fresh_nik, person, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

ON = date(2018, 10, 1)
KENDARI = "74710001"


@pytest.fixture
def kendari():
    return Employer.objects.get(npp=KENDARI)


def run(path, employer, **options):
    options.setdefault("on", ON)
    options.setdefault("actor", None)
    return import_roster(path=path, employer=employer, **options)


def wage_of(worker: Worker, employer: Employer, on: date = ON) -> Decimal | None:
    """The wage `employer` reports for `worker` on `on`."""
    found = Wage.objects.filter(worker=worker, employer=employer).in_force_on(on).first()
    return None if found is None else found.amount


def register_size() -> tuple[int, ...]:
    """Rows of every table an import writes, history included."""
    return (
        Worker.objects.count(),
        Worker.history.count(),
        Employment.objects.count(),
        Employment.history.count(),
        Enrollment.objects.count(),
        Enrollment.history.count(),
        Enrollment.objects.filter(end_date__isnull=False).count(),
        Wage.objects.count(),
        Wage.history.count(),
        ImportedRow.objects.count(),
    )


def test_add_creates_workers_employments_enrolments_and_history(tmp_path, kendari, user_named):
    rows = [
        person(
            "Siti  Aminah", born=date(1990, 7, 1), sex="P", upah="Rp 2.500.000", unit_kerja="DAMKAR"
        ),
        person("La Ode Budi", upah="2.177.053,00"),
    ]
    path = write_csv(tmp_path / "r.csv", rows)
    admin = user_named("admin")
    result = run(path, kendari, actor=admin)
    assert (result.rows, result.accepted, result.rejected) == (2, 2, 0)
    assert (result.created, result.updated, result.unchanged, result.ended) == (2, 0, 0, 0)
    siti = Worker.objects.get(nik=rows[0]["nik"])
    assert (siti.name, siti.birth_date, siti.sex, wage_of(siti, kendari), siti.category) == (
        "Siti Aminah",
        date(1990, 7, 1),
        "P",
        Decimal("2500000"),
        "non_asn",
    )
    wage = Wage.objects.get(worker=siti)
    assert (wage.employer, wage.start_date) == (kendari, ON)
    job = Employment.objects.get(worker=siti)
    assert (job.employer, job.unit.code, job.start_date, job.end_date) == (
        kendari,
        "DAMKAR",
        ON,
        None,
    )
    assert Employment.objects.get(worker__nik=rows[1]["nik"]).unit is None
    enrolments = Enrollment.objects.filter(worker=siti).order_by("program")
    assert [(e.program, e.employer, e.start_date, e.end_date) for e in enrolments] == [
        ("jkk", kendari, ON, None),
        ("jkm", kendari, ON, None),
    ]
    # What the import created is recorded once: its run (who, when, the file) and the row.
    created = ImportedRow.objects.select_related("run", "unit").get(worker=siti)
    assert (created.run.created_by, created.run.original_name, created.row) == (admin, "r.csv", 2)
    assert created.created_parts == ["worker", "employment", "jkk", "jkm", "wage"]
    assert (created.name, created.birth_date, created.sex, created.category) == (
        "Siti  Aminah".replace("  ", " "),
        date(1990, 7, 1),
        "P",
        "non_asn",
    )
    assert (created.unit.code, created.start_date, created.wage) == ("DAMKAR", ON, 2500000)
    budi = ImportedRow.objects.get(nik=rows[1]["nik"])
    assert (budi.run_id, budi.row, budi.unit) == (created.run_id, 3, None)
    # ... instead of a history row per created record.
    assert not Worker.history.filter(id=siti.pk).exists()
    assert not Enrollment.history.filter(worker_id=siti.pk).exists()
    assert not Employment.history.filter(worker_id=siti.pk).exists()
    assert not Wage.history.filter(worker_id=siti.pk).exists()


def test_a_later_change_of_an_imported_worker_has_its_own_history(tmp_path, kendari):
    row = person("Wa Ode Hasna", upah="2.000.000")
    run(write_csv(tmp_path / "1.csv", [row]), kendari)
    worker = Worker.objects.get(nik=row["nik"])
    worker.name = "Wa Ode Hasna Putri"
    worker.save()
    assert list(worker.history.values_list("history_type", "name")) == [("~", "Wa Ode Hasna Putri")]
    assert ImportedRow.objects.get(worker=worker).name == "Wa Ode Hasna"  # as it was created


def test_a_row_for_a_registered_worker_records_only_what_it_created(tmp_path, kendari):
    """A worker already registered by another employer: the row creates an employment and
    enrolments here, not the worker."""
    row = person("La Ode Karim")
    other = Employer.objects.exclude(pk=kendari.pk).first()
    run(write_csv(tmp_path / "1.csv", [row]), other)
    run(write_csv(tmp_path / "2.csv", [{**row, "upah": "2.100.000"}]), kendari)
    worker = Worker.objects.get(nik=row["nik"])
    recorded = ImportedRow.objects.filter(worker=worker).order_by("run_id")
    assert [r.created_parts for r in recorded] == [
        ["worker", "employment", "jkk", "jkm"],
        ["employment", "jkk", "jkm", "wage"],
    ]
    assert [r.run.employer for r in recorded] == [other, kendari]


def test_running_the_same_file_again_changes_nothing(tmp_path, kendari):
    path = write_csv(tmp_path / "r.csv", [person("A"), person("B", upah="2500000")])
    run(path, kendari)
    before = register_size()
    again = run(path, kendari)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert register_size() == before


def test_changed_rows_update_only_what_the_file_states(tmp_path, kendari):
    first = person(
        "Wa Ode Sari", born=date(1988, 2, 3), sex="P", upah="2.000.000", kategori="honorer"
    )
    run(write_csv(tmp_path / "1.csv", [first], header=[*HEADER, "kategori"]), kendari)
    renamed = {"nik": first["nik"], "nama": "Wa Ode Sari Dewi"}  # no wage, no birth date
    result = run(write_csv(tmp_path / "2.csv", [renamed]), kendari)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    worker = Worker.objects.get(nik=first["nik"])
    assert worker.name == "Wa Ode Sari Dewi"
    assert wage_of(worker, kendari) == Decimal("2000000"), "a blank cell must not erase the wage"
    assert worker.birth_date == date(1988, 2, 3)
    assert list(worker.history.values_list("history_type", flat=True)) == ["~"]
    assert ImportedRow.objects.get(worker=worker).name == "Wa Ode Sari"
    assert Enrollment.objects.filter(worker=worker).count() == 2


def test_a_unit_change_moves_the_current_employment(tmp_path, kendari):
    row = person("A", unit_kerja="DAMKAR")
    run(write_csv(tmp_path / "1.csv", [row]), kendari)
    moved = run(
        write_csv(tmp_path / "2.csv", [{**row, "unit_kerja": "Satuan Polisi Pamong Praja"}]),
        kendari,
    )
    assert moved.updated == 1
    job = Employment.objects.get(worker__nik=row["nik"])
    assert job.unit.code == "SATPOLPP"
    assert list(job.history.values_list("unit__code", flat=True)) == ["SATPOLPP"]
    assert ImportedRow.objects.get(worker=job.worker).unit.code == "DAMKAR"


def test_unit_option_places_rows_without_a_unit(tmp_path, kendari):
    rows = [person("A"), person("B", unit_kerja="DLHK")]
    run(write_csv(tmp_path / "r.csv", rows), kendari, unit_code="damkar")
    units = dict(
        Employment.objects.filter(worker__nik__in=[r["nik"] for r in rows]).values_list(
            "worker__nik", "unit__code"
        )
    )
    assert units == {rows[0]["nik"]: "DAMKAR", rows[1]["nik"]: "DLHK"}
    with pytest.raises(DomainError) as refused:
        run(write_csv(tmp_path / "r.csv", rows), kendari, unit_code="NOPE")
    assert refused.value.code == "unit_unknown"


def test_start_date_kpj_and_programs_from_the_file_and_options(tmp_path, kendari):
    row = person("A", tanggal_mulai="15-01-2019", kpj="18000000999")
    header = [*HEADER, "tanggal_mulai", "kpj"]
    run(write_csv(tmp_path / "r.csv", [row], header=header), kendari, programs=["jkk"])
    [enrolment] = Enrollment.objects.filter(worker__nik=row["nik"])
    assert (enrolment.program, enrolment.start_date, enrolment.kpj) == (
        "jkk",
        date(2019, 1, 15),
        "18000000999",
    )
    again = run(
        write_csv(tmp_path / "r.csv", [row], header=header), kendari, programs=["jkk", "jkm"]
    )
    assert again.created == 1, "a new program enrolment counts as created"
    assert Enrollment.objects.filter(worker__nik=row["nik"]).count() == 2


def test_a_kpj_for_an_existing_enrolment_is_written_with_history(tmp_path, kendari):
    """The KPJ a later file states goes on the current enrolments; nothing stated is dropped."""
    header = [*HEADER, "kpj"]
    row = person("A")
    run(write_csv(tmp_path / "r.csv", [{**row, "kpj": ""}], header=header), kendari)
    assert set(Enrollment.objects.filter(worker__nik=row["nik"]).values_list("kpj", flat=True)) == {
        ""
    }
    numbered = run(
        write_csv(tmp_path / "r.csv", [{**row, "kpj": "18000000777"}], header=header), kendari
    )
    assert (numbered.created, numbered.updated, numbered.unchanged) == (0, 1, 0)
    enrolments = Enrollment.objects.filter(worker__nik=row["nik"])
    assert set(enrolments.values_list("kpj", flat=True)) == {"18000000777"}
    changed = Enrollment.history.filter(worker_id=enrolments[0].worker_id, history_type="~")
    assert sorted(changed.values_list("kpj", flat=True)) == ["18000000777", "18000000777"]
    again = run(
        write_csv(tmp_path / "r.csv", [{**row, "kpj": "18000000777"}], header=header), kendari
    )
    assert (again.updated, again.unchanged) == (0, 1)
    blank = run(write_csv(tmp_path / "r.csv", [{**row, "kpj": ""}], header=header), kendari)
    assert blank.unchanged == 1, "a blank cell never erases a stored number"
    assert set(enrolments.values_list("kpj", flat=True)) == {"18000000777"}


def test_every_row_with_a_duplicated_nik_is_refused(tmp_path, kendari):
    twin = person("A")
    rows = [twin, person("B"), {**twin, "nama": "A again"}, {**twin, "nama": "A thrice"}]
    result = run(write_csv(tmp_path / "r.csv", rows), kendari)
    assert (result.rows, result.accepted, result.rejected) == (4, 1, 3)
    assert [(e.row, e.code) for e in result.errors] == [
        (2, "nik_duplicate_in_file"),
        (4, "nik_duplicate_in_file"),
        (5, "nik_duplicate_in_file"),
    ]
    assert "4, 5" in result.errors[0].message
    assert not Worker.objects.filter(nik=twin["nik"]).exists()


def test_enrolled_with_another_employer_is_a_warning_naming_it(tmp_path, kendari):
    elsewhere = Enrollment.objects.exclude(employer=kendari).filter(end_date__isnull=True).first()
    worker = elsewhere.worker
    row = {"nik": worker.nik, "nama": worker.name}
    result = run(write_csv(tmp_path / "r.csv", [row]), kendari)
    assert result.accepted == 1
    assert result.created == 1
    [warning] = result.warnings
    assert (warning.row, warning.code) == (2, "nik_enrolled_elsewhere")
    assert elsewhere.employer.name in warning.message
    assert Enrollment.objects.filter(worker=worker, employer=kendari).count() == 2


def test_nik_region_differing_from_the_employers_is_accepted(tmp_path, kendari):
    far = {"nik": fresh_nik(district="91.01.01"), "nama": "Papua"}
    result = run(write_csv(tmp_path / "r.csv", [far]), kendari)
    assert result.accepted == 1
    assert result.errors == []


def test_refused_rows_are_left_and_valid_ones_applied(tmp_path, kendari):
    good, bad = person("Good"), person("Bad", upah="0")
    result = run(write_csv(tmp_path / "r.csv", [good, bad]), kendari)
    assert (result.accepted, result.rejected, result.created) == (1, 1, 1)
    assert [(e.row, e.column, e.code) for e in result.errors] == [(3, "upah", "wage_not_positive")]
    assert Worker.objects.filter(nik=good["nik"]).exists()
    assert not Worker.objects.filter(nik=bad["nik"]).exists()


def test_all_or_nothing_saves_nothing_when_a_row_is_refused(tmp_path, kendari):
    path = write_csv(tmp_path / "r.csv", [person("Good"), person("Bad", upah="nol")])
    before = register_size()
    with pytest.raises(ImportRefused) as refused:
        run(path, kendari, all_or_nothing=True)
    assert refused.value.code == "file_has_refused_rows"
    result = refused.value.result
    assert (result.accepted, result.rejected, result.created) == (1, 1, 0)
    assert register_size() == before
    fine = run(write_csv(tmp_path / "ok.csv", [person("Good")]), kendari, all_or_nothing=True)
    assert fine.created == 1


def test_dry_run_counts_exactly_and_saves_nothing(tmp_path, kendari):
    path = write_csv(tmp_path / "r.csv", [person("A"), person("B")])
    before = register_size()
    dry = run(path, kendari, dry_run=True)
    assert (dry.created, dry.dry_run) == (2, True)
    assert register_size() == before
    assert run(path, kendari).created == 2


def test_replace_ends_enrolments_of_workers_absent_from_the_roster(tmp_path, kendari):
    current = list(
        Worker.objects.filter(enrollments__employer=kendari, enrollments__end_date__isnull=True)
        .distinct()
        .order_by("pk")[:3]
    )
    kept, refused_row = current[0], current[1]
    rows = [
        {"nik": kept.nik, "nama": kept.name},
        {"nik": refused_row.nik, "nama": refused_row.name, "upah": "nol"},
        person("Newcomer"),
    ]
    active = Enrollment.objects.filter(employer=kendari, end_date__isnull=True)
    workers_before = active.values("worker").distinct().count()
    result = run(write_csv(tmp_path / "r.csv", rows), kendari, mode="replace", on=date(2019, 1, 31))
    assert result.ended == workers_before - 2
    assert active.filter(worker=kept).count() == 2
    assert active.filter(worker=refused_row).count() == 2, "a refused row's worker is never ended"
    ended = Enrollment.objects.get(worker=current[2], employer=kendari, program="jkk")
    assert (ended.end_date, ended.end_reason) == (date(2019, 1, 31), "not_in_roster")
    assert ended.history.first().history_type == "~"
    assert Employment.objects.get(worker=current[2], employer=kendari).end_date == date(2019, 1, 31)
    assert (
        Enrollment.objects.filter(employer=kendari, end_date__isnull=True)
        .values("worker")
        .distinct()
        .count()
        == 3
    )


def test_replace_for_a_unit_ends_only_that_units_workers(tmp_path, kendari):
    damkar = WorkUnit.objects.get(employer=kendari, code="DAMKAR")
    in_unit = Employment.objects.filter(unit=damkar).count()
    result = run(
        write_csv(tmp_path / "r.csv", [person("Only one")]),
        kendari,
        mode="replace",
        unit_code="DAMKAR",
        on=date(2019, 1, 31),
    )
    assert result.ended == in_unit
    others = Enrollment.objects.filter(employer=kendari, end_date__isnull=True).exclude(
        worker__employments__unit=damkar
    )
    assert others.count() == 2 * (1136 - in_unit)


def test_replace_ends_nobody_while_a_refused_nik_cannot_be_identified(tmp_path, kendari):
    rows = [person("A"), {"nik": "7.47101E+15", "nama": "Lost"}]
    before = Enrollment.objects.filter(end_date__isnull=False).count()
    result = run(write_csv(tmp_path / "r.csv", rows), kendari, mode="replace")
    assert result.ended == 0
    assert [w.code for w in result.warnings] == ["replace_skipped"]
    assert Enrollment.objects.filter(end_date__isnull=False).count() == before


def test_an_error_in_the_middle_leaves_the_register_unchanged(tmp_path, kendari):
    """An exception raised during the apply (here from the progress callback) rolls all back."""
    rows = [person(f"P{i}") for i in range(12_000)]
    path = write_csv(tmp_path / "r.csv", rows)
    before = register_size()
    calls = []

    def crash(done, total):
        calls.append(done)
        if done == 12_000:  # the last call comes after every write, before the commit
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        run(path, kendari, progress=crash)
    assert calls == [5_000, 10_000, 12_000]
    assert register_size() == before
    assert run(path, kendari).created == 12_000


def test_xlsx_with_text_and_date_cells_and_a_number_nik(tmp_path, kendari):
    good = person("Xl", born=date(1979, 12, 31), sex="P")
    rows = [
        [good["nik"], "Xl", date(1979, 12, 31), "P", 2_500_000, "DAMKAR"],
        [float(fresh_nik()), "Number cell", None, None, None, None],
    ]
    result = run(write_xlsx(tmp_path / "r.xlsx", rows), kendari)
    assert (result.accepted, result.rejected) == (1, 1)
    assert [(e.row, e.code) for e in result.errors] == [(3, "nik_scientific_notation")]
    worker = Worker.objects.get(nik=good["nik"])
    assert (worker.birth_date, wage_of(worker, kendari)) == (
        date(1979, 12, 31),
        Decimal("2500000"),
    )


def test_sipp_template_imports(tmp_path, kendari):
    header = [
        "NO_PEGAWAI",
        "NAMA",
        "TGL_LAHIR",
        "JENIS_IDENTITAS",
        "NOMOR_IDENTITAS",
        "JENIS_KELAMIN",
        "TANGGAL_KEPESERTAAN",
        "UPAH",
        "LOKASI_PEKERJAAN",
    ]
    nik = fresh_nik(born=date(1993, 8, 17), sex="P")
    rows = [["1", "Wa Ode Sipp", "17-08-1993", "KTP", nik, "P", "01-11-2018", "2177053", "Kendari"]]
    result = run(
        write_xlsx(tmp_path / "sipp.xlsx", rows, header=header, sheet="data_tk_baru"), kendari
    )
    assert (result.accepted, result.created, result.warnings) == (1, 1, [])
    assert Enrollment.objects.filter(worker__nik=nik, start_date=date(2018, 11, 1)).count() == 2


def test_csv_with_comma_and_tab_delimiters(tmp_path, kendari):
    for delimiter in (",", "\t"):
        row = person("Comma, Tab", upah="Rp 2.500.000,00")
        result = run(write_csv(tmp_path / "r.csv", [row], delimiter=delimiter, bom=True), kendari)
        assert (result.accepted, result.created) == (1, 1)
        assert Worker.objects.get(nik=row["nik"]).name == "Comma, Tab"


def test_resolve_employer_by_npp_or_region_code(kendari):
    assert resolve_employer(KENDARI) == kendari
    assert resolve_employer("74.71") == kendari
    assert resolve_employer(" 7471 ") == kendari
    assert resolve_employer("74").npp == "74000001"
    with pytest.raises(DomainError) as unknown:
        resolve_employer("99.99")
    assert unknown.value.code == "employer_unknown"


def test_error_report_has_the_original_rows_and_an_error_column(tmp_path, kendari):
    rows = [person("Good"), person("Bad", upah="nol")]
    path = write_csv(tmp_path / "r.csv", rows, header=[*HEADER, "catatan"])
    result = run(path, kendari, dry_run=True)
    out = tmp_path / "report.xlsx"
    write_error_report(path=path, result=result, out=out)
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert sheet[0][: len(HEADER) + 1] == [*HEADER, "catatan"]
    assert sheet[0][-3:] == ["baris / row", "kesalahan / errors", "peringatan / warnings"]
    assert sheet[1][0] == rows[0]["nik"]
    assert sheet[1][-2] == ""
    assert sheet[2][0] == rows[1]["nik"]
    assert "wage_invalid" not in sheet[2][-2]
    assert "[upah]" in sheet[2][-2]
    assert "Upah" in sheet[2][-2]
    assert len(sheet) == 3
    notes = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("berkas").to_python()
    assert notes[1][:2] == ["catatan", "unknown_column"], "file-level warnings have a sheet"


def test_arguments_are_checked(tmp_path, kendari):
    path = write_csv(tmp_path / "r.csv", [person("A")])
    for options, code in (
        ({"mode": "merge"}, "mode_unknown"),
        ({"programs": ["jkx"]}, "program_unknown"),
    ):
        with pytest.raises(DomainError) as refused:
            run(path, kendari, **options)
        assert refused.value.code == code


def test_the_error_report_never_holds_a_live_formula(tmp_path, kendari):
    """A cell or header written as a formula stays text in the report (issue 11, finding 6)."""
    header = [*HEADER, '=HYPERLINK("http://x","klik")']
    bad = {"nik": "12", "nama": '=HYPERLINK("http://x","klik")'}
    path = write_csv(tmp_path / "r.csv", [bad, person("-2+3")], header=header)
    result = run(path, kendari, dry_run=True)
    out = tmp_path / "report.xlsx"
    write_error_report(path=path, result=result, out=out)
    assert formulas(out) == []
    assert '=HYPERLINK("http://x","klik")' in shared_strings(out)


def test_a_dangling_work_unit_is_refused_not_written(tmp_path, kendari, monkeypatch):
    """Employments have no database constraint on their employer or unit (a million-row
    import checked it row by row at COMMIT): the import checks the references itself against
    the staged rows. A unit gone by the time the rows are written is refused."""
    from payung.imports import services

    known = services._unit_keys
    monkeypatch.setattr(services, "_unit_keys", lambda units: {**known(units), "hantu": 999_999})
    rows = [person("A", unit_kerja="hantu"), person("B", unit_kerja="DAMKAR")]
    result = run(write_csv(tmp_path / "r.csv", rows), kendari)
    assert (result.accepted, result.rejected, result.created) == (1, 1, 1)
    assert [(issue.row, issue.code) for issue in result.errors] == [(2, "unit_unknown")]
    assert "dihapus selama impor" in result.errors[0].message
    assert not Worker.objects.filter(nik=rows[0]["nik"]).exists()
    assert not Employment.objects.filter(unit_id=999_999).exists()
    # The database alone would have taken the row: the import's check is what refused it.
    worker = Worker.objects.get(nik=rows[1]["nik"])
    with transaction.atomic():
        Employment.objects.create(worker=worker, employer=kendari, unit_id=999_999, start_date=ON)
        connection.check_constraints(table_names=["workers_employment"])  # none to break
        transaction.set_rollback(True)


def test_the_worker_page_says_which_import_created_what(tmp_path, kendari, client, user_named):
    officer = user_named("kendari")
    row = person("Wa Ode Rahma", upah="2.300.000", unit_kerja="DAMKAR")
    run(write_csv(tmp_path / "rahma.csv", [row]), kendari, actor=officer)
    created = ImportedRow.objects.select_related("run").get(nik=row["nik"])
    client.force_login(officer)
    page = client.get(f"/pekerja/{created.worker_id}/").content.decode()
    assert f"Dibuat oleh impor #{created.run_id}" in page
    assert "data pekerja, hubungan kerja, JKK, JKM, upah" in page
    assert "rahma.csv</a>, baris 2" in page
    # Damkar's operator sees the worker (employed in Damkar), not an import into the whole
    # employer, which names its file and uploader (the rule of the import pages).
    client.force_login(user_named("damkar"))
    page = client.get(f"/pekerja/{created.worker_id}/").content.decode()
    assert "Wa Ode Rahma" in page
    assert "Dibuat oleh impor" not in page
