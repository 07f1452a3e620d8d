"""The import pages: upload, preview, confirm, progress, history, report and templates."""

import csv
import io
import re
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from payung.employers.models import Employer
from payung.imports import reading, runs, services
from payung.imports.export import COLUMNS
from payung.imports.models import ImportRun, State
from payung.imports.validation import RowCode
from payung.workers.nik import NikRefusalCode

from .web_support import (
    IMMEDIATE_TASKS,
    KENDARI_NPP,
    KONAWE_NPP,
    media_root,  # noqa: F401
    nik,
    roster_csv,
    upload,
    valid_and_bad,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def logged_in(client, user_named):
    def login(name):
        client.force_login(user_named(name))
        return client

    return login


def _post(client, content: bytes, npp: str = KENDARI_NPP, **extra):
    employer = Employer.objects.get(npp=npp)
    data = {
        "employer": employer.pk,
        "mode": "add",
        "on": "2026-01-01",
        "programs": ["jkk", "jkm"],
        "file": upload(content),
        **extra,
    }
    return client.post("/impor/unggah/", data)


def test_upload_page_offers_only_writable_employers(logged_in):
    page = logged_in("kendari").get("/impor/unggah/").content.decode()
    assert "Pemerintah Kota Kendari" in page
    assert "Konawe" not in page
    assert 'type="file"' in page
    assert "data-dropzone" in page
    assert "/impor/templat.xlsx" in page


def test_a_unit_operator_is_offered_its_own_unit_only(logged_in):
    """No "all units" choice the service would refuse: the operator's unit, chosen already."""
    page = logged_in("damkar").get("/impor/unggah/").content.decode()
    units = re.findall(r'<select name="unit"[^>]*>(.*?)</select>', page, re.S)[0]
    options = re.findall(r"<option[^>]*>(.*?)</option>", units)
    assert len(options) == 1
    assert "DAMKAR" in options[0]
    assert "selected" in units


def test_a_viewer_may_not_upload(logged_in):
    assert logged_in("pimpinan").get("/impor/unggah/").status_code == 403


def test_upload_preview_confirm_and_history(
    logged_in, settings, django_capture_on_commit_callbacks
):
    """The whole flow without JavaScript: post the form, read the preview, confirm, see history."""
    settings.TASKS = IMMEDIATE_TASKS
    client = logged_in("cabang")
    response = _post(client, valid_and_bad())
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert response.url == f"/impor/{run.pk}/"

    preview = client.get(response.url).content.decode()
    assert 'id="count-accepted"' in preview
    assert 'data-value="2"' in preview
    assert 'data-value="1"' in preview
    assert "nik_not_16_digits" in preview
    assert f"/impor/{run.pk}/laporan-kesalahan.xlsx" in preview
    assert 'id="confirm-form"' in preview

    report = client.get(f"/impor/{run.pk}/laporan-kesalahan.xlsx")
    assert report.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(report.streaming_content)))
    rows = sheet.get_sheet_by_index(0).to_python()
    assert len(rows) == 4
    assert any("16" in str(cell) for cell in rows[3])

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"/impor/{run.pk}/konfirmasi/")
    assert confirmed.url == f"/impor/{run.pk}/"
    run.refresh_from_db()
    assert run.state == State.DONE
    done = client.get(f"/impor/{run.pk}/").content.decode()
    assert "Hasil penerapan" in done
    assert 'id="confirm-form"' not in done

    progress = client.get(f"/impor/{run.pk}/progres.json").json()
    assert progress["state"] == "done"
    assert progress["percent"] == 100
    assert progress["result"]["created"] == 2

    kendari = Employer.objects.get(npp=KENDARI_NPP)
    history = client.get(f"/impor/?employer={kendari.pk}").content.decode()
    assert "daftar.csv" in history
    assert "cabang" in history
    assert f'data-run="{run.pk}"' in history


def test_a_bad_file_shows_its_refusal(logged_in):
    response = _post(logged_in("cabang"), b"nama\r\nAndi\r\n")
    run = ImportRun.objects.get()
    assert response.url == f"/impor/{run.pk}/"
    page = logged_in("cabang").get(response.url).content.decode()
    assert 'id="failure"' in page
    assert 'id="confirm-form"' not in page


def test_an_oversized_upload_is_refused_without_reading_it(logged_in, settings):
    settings.PAYUNG_IMPORT_MAX_BYTES = 10
    client = logged_in("cabang")
    response = _post(client, b"x" * 200_000)
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_runs_of_other_regions_are_not_found(logged_in):
    _post(logged_in("cabang"), roster_csv((nik(1), "Andi")), npp=KONAWE_NPP)
    run = ImportRun.objects.get()
    client = logged_in("kendari")
    for url in ("", "progres.json", "laporan-kesalahan.xlsx"):
        assert client.get(f"/impor/{run.pk}/{url}").status_code == 404
    assert client.post(f"/impor/{run.pk}/konfirmasi/").status_code == 404
    assert "daftar.csv" not in client.get("/impor/").content.decode()


def test_templates_have_the_columns_and_an_example_row_that_imports(logged_in, tmp_path):
    client = logged_in("cabang")
    text = client.get("/impor/templat.csv").content.decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text)))
    assert tuple(header) == COLUMNS
    xlsx = client.get("/impor/templat.xlsx")
    assert xlsx["Content-Disposition"].endswith('templat-daftar-pekerja.xlsx"')
    rows = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    assert rows.to_python() == [header, example]
    assert client.get("/impor/templat.pdf").status_code == 404

    _post(client, text.encode("utf-8"))
    run = ImportRun.objects.get()
    assert (run.preview["accepted"], run.preview["rejected"]) == (1, 0), run.preview


def test_employer_page_links_to_its_import(logged_in):
    kendari = Employer.objects.get(npp=KENDARI_NPP)
    page = logged_in("kendari").get(f"/pemberi-kerja/{kendari.pk}/").content.decode()
    assert f"/impor/unggah/?employer={kendari.pk}" in page
    viewed = logged_in("pimpinan").get(f"/pemberi-kerja/{kendari.pk}/").content.decode()
    assert "/impor/unggah/" not in viewed, "a viewer is not offered an upload it may not make"
    assert f"/impor/?employer={kendari.pk}" in viewed


def test_docs_list_every_refusal_code():
    """docs/import.md explains every code a row, file, upload or confirm is refused with."""
    docs = (Path(__file__).resolve().parents[3] / "docs" / "import.md").read_text()
    sources = "".join(Path(m.__file__).read_text() for m in (reading, services, runs))
    raised = set(re.findall(r'(?:refused|Refusal|_refusal)\(\s*"([a-z0-9_]+)"', sources))
    codes = {*RowCode, *NikRefusalCode, *raised}
    assert len(raised) >= 15
    missing = sorted(code for code in map(str, codes) if f"`{code}`" not in docs)
    assert missing == []


def test_pages_in_english(logged_in):
    """The switch in the header shows the import pages in English (the app's own catalog)."""
    client = logged_in("cabang")
    client.cookies["django_language"] = "en"
    page = client.get("/impor/unggah/").content.decode()
    assert "Upload and check" in page
    assert "Drag the file here" in page
    assert "Import history" in client.get("/impor/").content.decode()


def test_a_large_upload_shows_its_check_in_progress(logged_in, settings):
    settings.PAYUNG_IMPORT_SYNC_CHECK_BYTES = 10
    client = logged_in("cabang")
    response = _post(client, valid_and_bad())
    page = client.get(response.url).content.decode()
    assert 'id="progress"' in page
    assert "Sedang diperiksa" in page
    assert 'http-equiv="refresh"' in page  # without JavaScript the page reloads itself
    assert 'id="confirm-form"' not in page


def test_history_query_count_does_not_grow_with_runs(logged_in, django_assert_max_num_queries):
    client = logged_in("cabang")
    for serial in range(3):
        _post(client, roster_csv((nik(serial + 10), f"Pekerja {serial}")))
    assert ImportRun.objects.count() == 3
    with django_assert_max_num_queries(8):
        page = client.get("/impor/").content.decode()
    assert page.count("data-run=") == 3


def test_runs_are_read_only_in_the_back_office(logged_in):
    client = logged_in("cabang")
    _post(client, roster_csv((nik(20), "Andi")))
    run = ImportRun.objects.get()
    admin = logged_in("admin")
    assert admin.get("/admin/imports/importrun/").status_code == 200
    assert admin.get(f"/admin/imports/importrun/{run.pk}/change/").status_code == 200
    assert admin.get("/admin/imports/importrun/add/").status_code == 403
