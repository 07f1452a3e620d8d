"""Test factories: valid NIKs, employers in real regions, enrolments."""

from datetime import date
from decimal import Decimal
from itertools import count

import factory

from payung.coverage.models import ReportedFigure
from payung.employers.models import Employer, EmployerKind, WorkUnit
from payung.enrollments.models import Enrollment, Program
from payung.regions.models import Region
from payung.workers.models import Category, Employment, Sex, Wage, Worker
from payung.workers.nik import make_nik

_serials = count(1)


def valid_nik(
    *, district: str = "74.71.01", birth_date: date = date(1990, 5, 17), sex: str = "L"
) -> str:
    """A fresh valid NIK (serials never repeat within a test run)."""
    return make_nik(
        district_code=district, birth_date=birth_date, sex=sex, serial=next(_serials) % 9999 + 1
    )


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "74"
    level = "province"
    name = "Sulawesi Tenggara"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    kind = EmployerKind.REGENCY
    region = factory.LazyFunction(lambda: Region.objects.get(code="74.02"))
    name = factory.Sequence(lambda n: f"Pemerintah Uji {n}")
    npp = factory.Sequence(lambda n: f"9{n:07d}")


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit

    employer = factory.SubFactory(EmployerFactory)
    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"Unit Uji {n}")


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    birth_date = date(1990, 5, 17)
    sex = Sex.MALE
    nik = factory.LazyAttribute(lambda o: valid_nik(birth_date=o.birth_date, sex=o.sex))
    name = factory.Sequence(lambda n: f"Pekerja Uji {n}")
    category = Category.NON_ASN


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    worker = factory.SubFactory(WorkerFactory)
    unit = factory.SubFactory(WorkUnitFactory)
    employer = factory.LazyAttribute(lambda o: o.unit.employer)
    start_date = date(2018, 1, 1)


class WageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wage

    worker = factory.SubFactory(WorkerFactory)
    employer = factory.SubFactory(EmployerFactory)
    start_date = date(2018, 1, 1)
    amount = Decimal("2000000")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    worker = factory.SubFactory(WorkerFactory)
    employer = factory.SubFactory(EmployerFactory)
    program = Program.JKK
    start_date = date(2018, 1, 1)
    kpj = factory.Sequence(lambda n: f"{19_000_000_000 + n}")


class ReportedFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportedFigure

    region = factory.LazyFunction(lambda: Region.objects.get(code="74.02"))
    as_of = date(2018, 10, 4)
    count = 10
    source_title = "Uji"
    source_publisher = "Uji"
    source_date = date(2018, 10, 4)


def worker_of_kendari_and_konawe(*, start: date = date(2018, 1, 1)) -> Worker:
    """A demo-like worker employed at once by Pemkot Kendari (in its Damkar unit) and by Pemkab
    Konawe (in its Setda), each reporting its own wage (Rp2,100,000 and Rp2,350,000), enrolled
    in JKK and JKM with each: the case for reads that must show each reader only its own part
    (`kendari` the Kendari part, `damkar` its unit's)."""
    kendari_damkar = WorkUnit.objects.get(employer__npp="74710001", code="DAMKAR")
    konawe_setda = WorkUnit.objects.get(employer__npp="74020001", code="SETDA")
    worker: Worker = WorkerFactory.create(
        name="Wa Ode Ganda Sari",
        nik=valid_nik(district="74.71.01", birth_date=date(1988, 3, 9), sex="P"),
        birth_date=date(1988, 3, 9),
        sex=Sex.FEMALE,
        is_synthetic=True,
    )
    for unit, wage in ((kendari_damkar, "2100000"), (konawe_setda, "2350000")):
        EmploymentFactory(worker=worker, unit=unit, employer=unit.employer, start_date=start)
        WageFactory(worker=worker, employer=unit.employer, start_date=start, amount=Decimal(wage))
        for program in (Program.JKK, Program.JKM):
            EnrollmentFactory(
                worker=worker, employer=unit.employer, program=program, start_date=start
            )
    return worker
