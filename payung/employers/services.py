"""Writes of employers and their work units: create and edit, each with history.

Officers whose scope is regions (the branch office, region officers, the back office) create
and edit the employers and units under their regions; a unit operator and a viewer do not.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from payung.core.access import writer_scope
from payung.core.errors import DomainError, Refusal
from payung.regions.models import BranchOffice, Level, Region

from .models import Employer, EmployerKind, RiskClass, WorkUnit

NPP_MAX = 20
LEVEL_OF_KIND = {
    EmployerKind.PROVINCIAL: Level.PROVINCE,
    EmployerKind.REGENCY: Level.REGENCY,
    EmployerKind.CITY: Level.CITY,
    EmployerKind.VILLAGE: Level.VILLAGE,
}


class EmployerRefused(DomainError):
    """A change to an employer or unit the rules or the actor's scope do not allow."""


@dataclass(frozen=True)
class EmployerFields:
    """What a person states about an employer."""

    kind: str
    region_code: str
    name: str
    npp: str = ""
    risk_class: str = RiskClass.VERY_LOW


KIND_OF_LEVEL = {level: kind for kind, level in LEVEL_OF_KIND.items()}
NAME_PREFIX = {Level.PROVINCE: "Provinsi ", Level.VILLAGE: "Desa "}


def government_of(region: Region, *, npp: str = "") -> EmployerFields:
    """The fields of a region's own government as an employer ("Pemerintah Kota Kendari")."""
    kind = KIND_OF_LEVEL.get(Level(region.level))
    if kind is None:
        raise EmployerRefused(
            Refusal(
                "no_government_at_level",
                f"{region.name} ({region.get_level_display()}) tidak memiliki pemerintah sendiri "
                "sebagai pemberi kerja.",
                f"{region.name} ({region.level}) has no government of its own as an employer.",
                field="region",
            )
        )
    prefix = NAME_PREFIX.get(Level(region.level), "")
    return EmployerFields(
        kind=kind, region_code=region.code, name=f"Pemerintah {prefix}{region.name}", npp=npp
    )


def create_government_employer(*, region: Region, npp: str, actor: Any, reason: str) -> Employer:
    """The region's government as a new employer, unless one is registered already."""
    existing = Employer.objects.government_of(region.code).first()
    if existing is not None:
        raise EmployerRefused(
            Refusal(
                "employer_exists",
                f"{existing.name} sudah terdaftar sebagai pemberi kerja.",
                f"{existing.name} is already registered as an employer.",
                field="create_employer",
            )
        )
    return create_employer(fields=government_of(region, npp=npp), actor=actor, reason=reason)


def _not_allowed() -> EmployerRefused:
    return EmployerRefused(
        Refusal(
            "not_allowed",
            "Anda tidak berhak mengubah pemberi kerja atau unit kerja ini.",
            "You may not change this employer or work unit.",
        )
    )


def _check_officer(actor: Any) -> Any:
    scope = writer_scope(actor)
    if not scope.can_write or scope.unit_ids is not None:
        raise _not_allowed()
    return scope


def _checked(fields: EmployerFields, *, actor: Any, employer: Employer | None) -> Region:
    """The employer's region, or every refusal of the stated fields at once."""
    scope = _check_officer(actor)
    refusals: list[Refusal] = []
    region = Region.objects.in_scope(scope).filter(code=fields.region_code.strip()).first()
    if region is None:
        refusals.append(
            Refusal(
                "region_not_allowed",
                f"Wilayah {fields.region_code!r} tidak dikenal atau di luar wewenang Anda.",
                f"Region {fields.region_code!r} is unknown or outside what you may change.",
                field="region",
            )
        )
    if fields.kind not in EmployerKind.values:
        refusals.append(
            Refusal(
                "kind_unknown",
                f"Jenis pemberi kerja tidak dikenal: {fields.kind!r}.",
                f"Unknown kind of employer: {fields.kind!r}.",
                field="kind",
            )
        )
    elif region is not None and LEVEL_OF_KIND[EmployerKind(fields.kind)] != region.level:
        refusals.append(
            Refusal(
                "kind_region_mismatch",
                f"{EmployerKind(fields.kind).label} berkedudukan di wilayah tingkat "
                f"{Level(LEVEL_OF_KIND[EmployerKind(fields.kind)]).label}, bukan "
                f"{region.get_level_display()} ({region.code}).",
                f"A {EmployerKind(fields.kind).name.lower()} government sits in a region of level "
                f"{LEVEL_OF_KIND[EmployerKind(fields.kind)]}, not {region.level} ({region.code}).",
                field="kind",
            )
        )
    if not " ".join(fields.name.split()):
        refusals.append(
            Refusal("name_blank", "Nama wajib diisi.", "The name is required.", field="name")
        )
    if fields.risk_class not in RiskClass.values:
        refusals.append(_unknown_risk(fields.risk_class))
    npp = fields.npp.strip()
    if npp and not (npp.isascii() and npp.isdigit() and len(npp) <= NPP_MAX):
        refusals.append(
            Refusal(
                "npp_invalid",
                f"NPP hanya angka, paling banyak {NPP_MAX} digit.",
                f"An NPP is digits only, at most {NPP_MAX} of them.",
                field="npp",
            )
        )
    elif (
        npp
        and Employer.objects.filter(npp=npp)
        .exclude(pk__in=[employer.pk] if employer else [])
        .exists()
    ):
        refusals.append(
            Refusal(
                "npp_taken",
                f"NPP {npp} sudah dipakai pemberi kerja lain.",
                f"NPP {npp} is already another employer's.",
                field="npp",
            )
        )
    if refusals:
        raise EmployerRefused(*refusals)
    assert region is not None
    return region


def _unknown_risk(value: str) -> Refusal:
    return Refusal(
        "risk_class_unknown",
        f"Tingkat risiko JKK tidak dikenal: {value!r}.",
        f"Unknown JKK risk class: {value!r}.",
        field="risk_class",
    )


def create_employer(*, fields: EmployerFields, actor: Any, reason: str = "") -> Employer:
    """A new employer in a region the actor's scope covers; its branch office is the one
    serving the region (or a region above it)."""
    region = _checked(fields, actor=actor, employer=None)
    office = (
        BranchOffice.objects.filter(regions__code__in=[region.code, *region.ancestor_codes()])
        .order_by("code")
        .first()
    )
    employer = Employer(
        kind=fields.kind,
        region=region,
        name=" ".join(fields.name.split()),
        npp=fields.npp.strip() or None,
        risk_class=fields.risk_class,
        branch_office=office,
    )
    employer._history_user = actor  # type: ignore[attr-defined]
    employer._change_reason = reason or "Pemberi kerja dibuat"  # type: ignore[attr-defined]
    with transaction.atomic():
        employer.save()
    return employer


def update_employer(*, employer: Employer, fields: EmployerFields, actor: Any) -> Employer:
    """Edit an employer the actor's scope covers (before and after)."""
    scope = _check_officer(actor)
    if not Employer.objects.in_scope(scope).filter(pk=employer.pk).exists():
        raise _not_allowed()
    region = _checked(fields, actor=actor, employer=employer)
    employer.kind, employer.region, employer.name = (
        fields.kind,
        region,
        " ".join(fields.name.split()),
    )
    employer.npp, employer.risk_class = fields.npp.strip() or None, fields.risk_class
    employer._history_user = actor  # type: ignore[attr-defined]
    employer._change_reason = "Pemberi kerja diubah"  # type: ignore[attr-defined]
    with transaction.atomic():
        employer.save()
    return employer


def _check_unit(*, employer: Employer, code: str, name: str, risk_class: str, pk: Any) -> None:
    refusals: list[Refusal] = []
    if not code.strip():
        refusals.append(
            Refusal("code_blank", "Kode wajib diisi.", "The code is required.", field="code")
        )
    elif (
        WorkUnit.objects.filter(employer=employer, code__iexact=code.strip())
        .exclude(pk=pk)
        .exists()
    ):
        refusals.append(
            Refusal(
                "unit_code_taken",
                f"{employer.name} sudah memiliki unit kerja berkode {code.strip()}.",
                f"{employer.name} already has a work unit with code {code.strip()}.",
                field="code",
            )
        )
    if not " ".join(name.split()):
        refusals.append(
            Refusal("name_blank", "Nama wajib diisi.", "The name is required.", field="name")
        )
    if risk_class and risk_class not in RiskClass.values:
        refusals.append(_unknown_risk(risk_class))
    if refusals:
        raise EmployerRefused(*refusals)


def create_unit(
    *, employer: Employer, code: str, name: str, risk_class: str = "", actor: Any
) -> WorkUnit:
    """A new work unit; `risk_class` only where its work differs from the employer's."""
    scope = _check_officer(actor)
    if not Employer.objects.in_scope(scope).filter(pk=employer.pk).exists():
        raise _not_allowed()
    _check_unit(employer=employer, code=code, name=name, risk_class=risk_class, pk=None)
    unit = WorkUnit(
        employer=employer,
        code=code.strip().upper(),
        name=" ".join(name.split()),
        risk_class=risk_class,
    )
    unit._history_user = actor  # type: ignore[attr-defined]
    unit._change_reason = "Unit kerja dibuat"  # type: ignore[attr-defined]
    with transaction.atomic():
        unit.save()
    return unit


def update_unit(
    *, unit: WorkUnit, code: str, name: str, risk_class: str = "", actor: Any
) -> WorkUnit:
    """Edit a work unit of an employer the actor's scope covers."""
    scope = _check_officer(actor)
    if not WorkUnit.objects.in_scope(scope).filter(pk=unit.pk).exists():
        raise _not_allowed()
    _check_unit(employer=unit.employer, code=code, name=name, risk_class=risk_class, pk=unit.pk)
    unit.code, unit.name, unit.risk_class = (
        code.strip().upper(),
        " ".join(name.split()),
        risk_class,
    )
    unit._history_user = actor  # type: ignore[attr-defined]
    unit._change_reason = "Unit kerja diubah"  # type: ignore[attr-defined]
    with transaction.atomic():
        unit.save()
    return unit
