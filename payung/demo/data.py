"""What the two 2018 seed reports say, and the synthetic detail the demo adds around it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

DEMO_PASSWORD = "payung-sultra-2018"
BRANCH_CODE = "kc-kendari"
BRANCH_NAME = "Kantor Cabang BPJS Ketenagakerjaan Kendari"
REPORT_DATE = date(2018, 10, 4)
DEFAULT_START = date(2018, 10, 1)


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    workers: int


@dataclass(frozen=True)
class DemoEmployer:
    region: str
    kind: str
    name: str
    npp: str
    start: date
    units: tuple[DemoUnit, ...]
    wages: tuple[Decimal, ...]
    start_note: str

    @property
    def workers(self) -> int:
        return sum(unit.workers for unit in self.units)


# Pemprov's declared honorarium (its MoU budgeted Rp10,800 = 0.54% of it); others near the
# 2018 UMP of Rp2,177,053 (regulation-facts §7). The amounts are synthetic, not reported.
PEMPROV_WAGE = (Decimal("2000000"),)
NEAR_UMP_2018 = (Decimal("2177053"), Decimal("2177053"), Decimal("2000000"), Decimal("2250000"))
# The 2019 UMP, on which Konawe Selatan budgeted its 2019 contributions (regulation-facts §1, §7).
UMP_2019 = Decimal("2351870")


def _units(total: int, *parts: tuple[str, str, int]) -> tuple[DemoUnit, ...]:
    """Units with the given shares (per mille) of `total`; the last unit takes the rest."""
    units, left = [], total
    for index, (code, name, share) in enumerate(parts):
        count = left if index == len(parts) - 1 else total * share // 1000
        units.append(DemoUnit(code, name, count))
        left -= count
    return tuple(units)


def _regency_units(total: int) -> tuple[DemoUnit, ...]:
    return _units(
        total,
        ("SETDA", "Sekretariat Daerah", 300),
        ("SATPOLPP", "Satuan Polisi Pamong Praja", 250),
        ("DLH", "Dinas Lingkungan Hidup", 300),
        ("DAMKAR", "Dinas Pemadam Kebakaran", 150),
    )


EMPLOYERS = (
    DemoEmployer(
        region="74",
        kind="provincial_government",
        name="Pemerintah Provinsi Sulawesi Tenggara",
        npp="74000001",
        start=date(2018, 4, 9),
        units=_units(
            977,
            ("SETDA", "Sekretariat Daerah (tenaga kebersihan)", 410),
            ("SATPOLPP", "Satuan Polisi Pamong Praja", 280),
            ("DISHUB", "Dinas Perhubungan", 190),
            ("BPBD", "Badan Penanggulangan Bencana Daerah", 120),
        ),
        wages=PEMPROV_WAGE,
        start_note="MoU 2018-04-09",
    ),
    DemoEmployer(
        region="74.71",
        kind="city_government",
        name="Pemerintah Kota Kendari",
        npp="74710001",
        start=date(2018, 2, 5),
        units=(
            DemoUnit("DLHK", "Dinas Lingkungan Hidup dan Kehutanan", 551),
            DemoUnit("DAMKAR", "Dinas Pemadam Kebakaran", 217),
            DemoUnit("SATPOLPP", "Satuan Polisi Pamong Praja", 358),
            DemoUnit("SDA", "Administrasi Sumber Daya Alam", 10),
        ),
        wages=NEAR_UMP_2018,
        start_note="MoU 2018-02-05",
    ),
    *(
        DemoEmployer(
            region=code,
            kind="regency_government",
            name=f"Pemerintah Kabupaten {name}",
            npp=f"{code.replace('.', '')}0001",
            start=DEFAULT_START,
            units=_regency_units(count),
            wages=NEAR_UMP_2018,
            start_note="tanggal mulai diasumsikan / start date assumed",
        )
        for code, name, count in (
            ("74.06", "Bombana", 1285),
            ("74.02", "Konawe", 3301),
            ("74.05", "Konawe Selatan", 202),
            ("74.01", "Kolaka", 295),
            ("74.11", "Kolaka Timur", 236),
        )
    ),
)

# Employers that registered after the 2018 reports, built with their own workers and figures.
# Muna Barat, one of the eleven regions with nobody registered in 2018, enrolled its honorer in
# JKK+JKM from January 2022 on a declared Rp2,552,014, Rp13,780 a person (regulation-facts §1,
# §9). It reported 3,080 honorer; the demo registers a synthetic tenth of them (308), so that
# `payung demo` stays quick. The start date, units and wages of each worker are synthetic.
MUNA_BARAT_WAGE = (Decimal("2552014"),)
MUNA_BARAT_WORKERS = 308
LATER_EMPLOYERS = (
    DemoEmployer(
        region="74.13",
        kind="regency_government",
        name="Pemerintah Kabupaten Muna Barat",
        npp="74130001",
        start=date(2022, 1, 1),
        units=_regency_units(MUNA_BARAT_WORKERS),
        wages=MUNA_BARAT_WAGE,
        start_note="PKS 2021-12-20 (sintetis / synthetic), peserta mulai Januari 2022",
    ),
)

# Districts per regency (regulation-facts §6), for plausible NIK district digits.
DISTRICTS = {
    "74": 12,
    "74.01": 12,
    "74.02": 28,
    "74.05": 25,
    "74.06": 22,
    "74.11": 12,
    "74.13": 11,
    "74.71": 11,
}

ZONASULTRA: dict[str, Any] = {
    "source_title": "BPJS Ketenagakerjaan serahkan sertifikat kepesertaan kepada Pemprov Sultra: "
    "977 pegawai non-ASN dilindungi JKK dan JKM",
    "source_publisher": "ZONASULTRA.COM",
    "source_date": REPORT_DATE,
    "note": "Data BPJS Ketenagakerjaan per Oktober 2018.",
}
ANTARA: dict[str, Any] = {
    "source_title": "Pemkot Kendari daftarkan 1.136 pegawai non-ASN sebagai peserta "
    "BPJS Ketenagakerjaan",
    "source_publisher": "Antaranews Sultra",
    "source_date": date(2018, 2, 5),
    "note": "Penandatanganan MoU; rincian per SKPD.",
}

# (region, employer NPP or None, unit code or None, count, source, as_of)
REPORTED = (
    ("74", None, None, 7431, ZONASULTRA, REPORT_DATE),
    ("74", "74000001", None, 977, ZONASULTRA, REPORT_DATE),
    ("74.71", None, None, 1135, ZONASULTRA, REPORT_DATE),
    ("74.06", None, None, 1285, ZONASULTRA, REPORT_DATE),
    ("74.02", None, None, 3301, ZONASULTRA, REPORT_DATE),
    ("74.05", None, None, 202, ZONASULTRA, REPORT_DATE),
    ("74.01", None, None, 295, ZONASULTRA, REPORT_DATE),
    ("74.11", None, None, 236, ZONASULTRA, REPORT_DATE),
    ("74.71", None, None, 1136, ANTARA, date(2018, 2, 5)),
    ("74.71", "74710001", "DLHK", 551, ANTARA, date(2018, 2, 5)),
    ("74.71", "74710001", "DAMKAR", 217, ANTARA, date(2018, 2, 5)),
    ("74.71", "74710001", "SATPOLPP", 358, ANTARA, date(2018, 2, 5)),
    ("74.71", "74710001", "SDA", 10, ANTARA, date(2018, 2, 5)),
)

MUNA_BARAT_2022: dict[str, Any] = {
    "source_title": "Laporan Januari 2022: 3.080 honorer Pemkab Muna Barat dalam JKK dan JKM, "
    "Rp13.780 per orang per bulan",
    "source_publisher": "berita daerah (keyakinan sedang)",
    "source_date": date(2022, 1, 31),
    "note": "Angka dilaporkan, Januari 2022 (tanggal persis tidak diketahui). Demo hanya "
    f"mendaftarkan {MUNA_BARAT_WORKERS} pekerja sintetis. / A reported figure, January 2022 "
    f"(exact day unknown); the demo registers only {MUNA_BARAT_WORKERS} synthetic workers.",
}

# The figures reported after 2018, built with the later employers (same layout as REPORTED).
LATER_REPORTED = (("74.13", None, None, 3080, MUNA_BARAT_2022, date(2022, 1, 31)),)

KENDARI_DIFFERENCE_NOTE = (
    "Daftar MoU Pemkot Kendari berisi 1.136 orang (551+217+358+10); laporan BPJS Oktober 2018 "
    "menyebut 1.135. / Kendari's MoU roster has 1,136 (551+217+358+10); the October 2018 "
    "BPJS report says 1,135."
)

# Synthetic names: common given names in Sulawesi Tenggara (Tolaki, Muna, Buton, Bugis).
GIVEN_MALE = (
    "Ahmad",
    "Andi",
    "Arman",
    "Asrun",
    "Basri",
    "Darwis",
    "Hamka",
    "Hasan",
    "Irwan",
    "Jufri",
    "La Ode",
    "Lukman",
    "Muhammad",
    "Nasrul",
    "Rahman",
    "Ridwan",
    "Safaruddin",
    "Sudirman",
    "Syamsul",
    "Yusuf",
    "Zainal",
    "Abdul",
    "Amiruddin",
    "Haris",
    "Kadir",
)
GIVEN_FEMALE = (
    "Asniati",
    "Dewi",
    "Fitri",
    "Hasnah",
    "Irma",
    "Jumriati",
    "Kartini",
    "Masni",
    "Nurhayati",
    "Rahmawati",
    "Rosmiati",
    "Sitti",
    "Sri",
    "Wa Ode",
    "Wati",
    "Yuliana",
    "Ernawati",
    "Hartina",
    "Marlina",
    "Nurlina",
    "Salmawati",
    "Suriani",
)
FAMILY = (
    "Abdullah",
    "Alimuddin",
    "Baharuddin",
    "Daeng",
    "Hamid",
    "Idrus",
    "Kamaruddin",
    "Laode",
    "Mansyur",
    "Nur",
    "Pratama",
    "Rasyid",
    "Saleh",
    "Tamburaka",
    "Tosepu",
    "Lakidende",
    "Saranani",
    "Haluoleo",
    "Sahidu",
    "Mokodompit",
    "Rauf",
    "Gafur",
    "Said",
    "Amin",
)
