"""The outreach part of the demo: the 2018 agreements and handover from the seeds, and synthetic
activities, next steps and targets for the eleven regions that had registered nobody, and the
agreement under which Muna Barat, one of them, enrolled its honorer from January 2022.

Everything not in the seeds (shared/seeds/000, 001) or regulation-facts is `is_synthetic=True`.
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from payung.core.history import CREATED, record_bulk_history
from payung.outreach.models import (
    Activity,
    ActivityKind,
    Agreement,
    AgreementKind,
    Group,
    TargetPopulation,
)

REASON = "Demo sosialisasi Sultra 2018"
BRANCH = "BPJS Ketenagakerjaan Cabang Kendari (Kepala Cabang La Uno)"
SYNTHETIC_SOURCE = "Perkiraan demo dari jumlah SKPD (sintetis / synthetic)"
V, M, S, L, C = (
    ActivityKind.VISIT,
    ActivityKind.MEETING,
    ActivityKind.SOCIALISATION,
    ActivityKind.LETTER,
    ActivityKind.CALL,
)
NON_ASN, OFFICIALS, FACILITATORS = (
    Group.NON_ASN,
    Group.VILLAGE_OFFICIALS,
    Group.VILLAGE_FACILITATORS,
)

# (region, group, head count, covered threshold, source, as_of, synthetic)
TARGETS = (
    ("74", NON_ASN, 977, None, "ZONASULTRA.COM 2018-10-04 (seed 000)", date(2018, 10, 4), False),
    (
        "74.71",
        NON_ASN,
        1136,
        None,
        "Daftar MoU Pemkot Kendari, Antaranews 2018-02-05 (seed 001)",
        date(2018, 2, 5),
        False,
    ),
    ("74.06", NON_ASN, 1400, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.02", NON_ASN, 3600, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.05", NON_ASN, 1100, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.01", NON_ASN, 900, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.11", NON_ASN, 250, 225, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.03", NON_ASN, 1100, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.04", NON_ASN, 650, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.07", NON_ASN, 800, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.08", NON_ASN, 900, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.09", NON_ASN, 750, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.10", NON_ASN, 550, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.12", NON_ASN, 400, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.13", NON_ASN, 900, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.14", NON_ASN, 700, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.15", NON_ASN, 500, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    ("74.72", NON_ASN, 1200, None, SYNTHETIC_SOURCE, date(2018, 3, 1), True),
    # The next group: village officials and facilitators (159 and 89 villages, regulation-facts §6).
    (
        "74.09",
        OFFICIALS,
        1270,
        None,
        "Perkiraan demo: 159 desa x 8 aparat (sintetis)",
        date(2018, 9, 1),
        True,
    ),
    (
        "74.09",
        OFFICIALS,
        1590,
        None,
        "Konawe Utara, 1.590 aparat desa (berita daerah)",
        date(2019, 6, 1),
        False,
    ),
    (
        "74.12",
        OFFICIALS,
        710,
        None,
        "Perkiraan demo: 89 desa x 8 aparat (sintetis)",
        date(2018, 9, 1),
        True,
    ),
    (
        "74.12",
        OFFICIALS,
        890,
        None,
        "Konawe Kepulauan, ~890 aparat desa (berita daerah)",
        date(2019, 6, 1),
        False,
    ),
    (
        "74.02",
        FACILITATORS,
        320,
        None,
        "Perkiraan demo: pendamping desa P3MD (sintetis)",
        date(2018, 9, 1),
        True,
    ),
)

# (region, group, date, kind, people met, attendance, notes, next step, due, synthetic)
ACTIVITIES = (
    (
        "74",
        NON_ASN,
        date(2018, 10, 4),
        ActivityKind.HANDOVER,
        "Gubernur Sultra Ali Mazi; Kepala Cabang La Uno",
        None,
        "Penyerahan sertifikat kepesertaan dan kartu untuk 977 pegawai non-ASN Pemprov, "
        "Hotel Grand Clarion Kendari (seed 000).",
        "",
        None,
        False,
    ),
    (
        "74.72",
        NON_ASN,
        date(2018, 5, 14),
        L,
        "Sekretariat Daerah Kota Baubau",
        None,
        "Surat permohonan audiensi.",
        "",
        None,
        True,
    ),
    (
        "74.72",
        NON_ASN,
        date(2018, 7, 19),
        S,
        "Asisten III, BKPSDM, 24 kepala OPD",
        41,
        "Sosialisasi JKK dan JKM bagi tenaga honorer.",
        "Kirim draf PKS ke Bagian Hukum",
        date(2018, 11, 15),
        True,
    ),
    (
        "74.03",
        NON_ASN,
        date(2018, 6, 6),
        V,
        "Sekda Kabupaten Muna",
        None,
        "Kunjungan awal; minta data honorer per OPD.",
        "",
        None,
        True,
    ),
    (
        "74.03",
        NON_ASN,
        date(2018, 8, 23),
        S,
        "Kepala BKPSDM, kepala OPD",
        35,
        "Sosialisasi di aula Setda Muna.",
        "Rapat anggaran dengan TAPD untuk APBD-P",
        date(2018, 10, 12),
        True,
    ),
    (
        "74.13",
        NON_ASN,
        date(2018, 9, 11),
        S,
        "Sekda Muna Barat, BPKAD",
        28,
        "Sosialisasi; Pemkab minta simulasi biaya.",
        "Kirim simulasi biaya per OPD",
        date(2018, 10, 20),
        True,
    ),
    (
        "74.14",
        NON_ASN,
        date(2018, 7, 3),
        S,
        "Bupati Buton Tengah, Sekda",
        30,
        "Sosialisasi; disepakati PKS.",
        "",
        None,
        True,
    ),
    (
        "74.04",
        NON_ASN,
        date(2018, 9, 3),
        L,
        "Bupati Buton",
        None,
        "Surat permohonan sosialisasi.",
        "Telepon Bagian Pemerintahan untuk jadwal",
        date(2018, 9, 28),
        True,
    ),
    (
        "74.10",
        NON_ASN,
        date(2018, 10, 1),
        C,
        "Kabag Umum Setda Buton Utara",
        None,
        "Sudah menerima surat; menunggu disposisi Sekda.",
        "Kunjungan ke Buranga",
        date(2018, 11, 20),
        True,
    ),
    (
        "74.08",
        NON_ASN,
        date(2018, 8, 14),
        V,
        "Asisten I Setda Kolaka Utara",
        None,
        "Kunjungan singkat di Lasusua.",
        "Surat resmi permohonan sosialisasi",
        date(2018, 9, 14),
        True,
    ),
    (
        "74.09",
        NON_ASN,
        date(2018, 9, 25),
        M,
        "Sekda Konawe Utara, BKPSDM",
        6,
        "Rapat kecil di Wanggudu.",
        "Jadwalkan sosialisasi seluruh OPD",
        date(2018, 11, 30),
        True,
    ),
    (
        "74.09",
        OFFICIALS,
        date(2018, 10, 10),
        L,
        "Dinas PMD Konawe Utara",
        None,
        "Surat tentang perlindungan aparat desa dari Dana Desa.",
        "Audiensi dengan Kadis PMD",
        date(2018, 11, 9),
        True,
    ),
    (
        "74.12",
        OFFICIALS,
        date(2018, 10, 16),
        C,
        "Kabid Pemdes Konawe Kepulauan",
        None,
        "Penjajakan perlindungan aparat desa.",
        "Kirim bahan sosialisasi",
        date(2018, 11, 2),
        True,
    ),
    (
        "74.02",
        FACILITATORS,
        date(2018, 10, 22),
        M,
        "Koordinator TA P3MD Konawe",
        12,
        "Pendamping desa tertarik mendaftar sebagai BPU.",
        "Sosialisasi di rakor pendamping",
        date(2018, 12, 5),
        True,
    ),
)


def build_outreach() -> None:
    """Create the outreach demo once; a second call changes nothing."""
    if not Agreement.objects.filter(region_id="74.71", signed_on=date(2018, 2, 5)).exists():
        _build_2018_outreach()
    _build_later_outreach()


def _build_later_outreach() -> None:
    """Muna Barat's agreement for 2022 and its reported head count, once (a demo loaded before
    they existed gets them)."""
    signed_on = date(2021, 12, 20)
    if Agreement.objects.filter(region_id="74.13", signed_on=signed_on).exists():
        return
    targets = TargetPopulation.objects.bulk_create(
        [
            TargetPopulation(
                region_id="74.13",
                group=NON_ASN,
                head_count=3080,
                source="Muna Barat, 3.080 honorer, Januari 2022 (berita daerah)",
                as_of=date(2022, 1, 31),
            )
        ]
    )
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                region_id="74.13",
                kind=AgreementKind.PKS,
                parties="Pemerintah Kabupaten Muna Barat dan BPJS Ketenagakerjaan Cabang Kendari",
                signed_on=signed_on,
                programs="jkk,jkm",
                workers_planned=3080,
                contribution_per_person=Decimal(13780),
                budget_year=2022,
                expires_on=date(2022, 12, 31),
                notes="3.080 honorer, Rp13.780 per orang per bulan: JKK 0,24% (Rp6.124) + JKM "
                "0,30% (Rp7.656) dari upah Rp2.552.014 (laporan Januari 2022). Tanggal dan masa "
                "berlaku perjanjian sintetis; peserta mulai 1 Januari 2022.",
                is_synthetic=True,
            )
        ]
    )
    for model, rows in ((TargetPopulation, targets), (Agreement, agreements)):
        record_bulk_history(
            model.objects.filter(pk__in=[row.pk for row in rows]),
            history_type=CREATED,
            reason=REASON,
        )


def _build_2018_outreach() -> None:
    owner = get_user_model().objects.filter(username="cabang").first()
    targets = TargetPopulation.objects.bulk_create(
        TargetPopulation(
            region_id=region,
            group=group,
            head_count=count,
            covered_threshold=threshold,
            source=source,
            as_of=as_of,
            is_synthetic=synthetic,
        )
        for region, group, count, threshold, source, as_of, synthetic in TARGETS
    )
    activities = Activity.objects.bulk_create(
        Activity(
            region_id=region,
            group=group,
            date=on,
            kind=kind,
            people_met=people,
            attendance=attendance,
            notes=notes,
            next_step=step,
            due=due,
            owner=owner if step else None,
            is_synthetic=synthetic,
        )
        for region, group, on, kind, people, attendance, notes, step, due, synthetic in ACTIVITIES
    )
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                region_id="74.71",
                kind=AgreementKind.MOU,
                parties="Pemerintah Kota Kendari (Plh Sekda Indra Muhammad) dan " + BRANCH,
                signed_on=date(2018, 2, 5),
                programs="jkk,jkm",
                workers_planned=1136,
                budget_year=2018,
                expires_on=date(2018, 12, 31),
                notes="DLHK 551, Damkar 217, Satpol PP 358, SDA 10 (seed 001). "
                "Masa berlaku sampai akhir tahun anggaran diasumsikan (sintetis).",
            ),
            Agreement(
                region_id="74",
                kind=AgreementKind.MOU,
                parties="Pemerintah Provinsi Sulawesi Tenggara dan " + BRANCH,
                signed_on=date(2018, 4, 9),
                programs="jkk,jkm",
                workers_planned=960,
                contribution_per_person=Decimal(10800),
                budget_year=2018,
                expires_on=date(2018, 12, 31),
                notes="Rp10.800 per orang per bulan = 0,54% dari honor Rp2.000.000. "
                "Masa berlaku diasumsikan (sintetis).",
            ),
            Agreement(
                region_id="74.14",
                kind=AgreementKind.PKS,
                parties="Pemerintah Kabupaten Buton Tengah dan " + BRANCH,
                signed_on=date(2018, 8, 20),
                programs="jkk,jkm",
                workers_planned=700,
                budget_year=2019,
                expires_on=date(2019, 12, 31),
                notes="Perjanjian demo (sintetis): ditandatangani, belum ada peserta terdaftar.",
                is_synthetic=True,
            ),
        ]
    )
    for model, rows in (
        (TargetPopulation, targets),
        (Activity, activities),
        (Agreement, agreements),
    ):
        record_bulk_history(
            model.objects.filter(pk__in=[row.pk for row in rows]),
            history_type=CREATED,
            reason=REASON,
        )
