"""Reads of employers shared by the commands and pages that take an employer by reference."""

import re

from payung.core.errors import DomainError, Refusal

from .models import Employer

_BARE_REGION_CODE = re.compile(r"[0-9]{2}(?:[0-9]{2}){0,2}")


class EmployerUnknown(DomainError):
    """No employer answers to the NPP or region code given."""


def resolve_employer(reference: str) -> Employer:
    """The employer with this NPP, or the one government seated in this region code.

    A region code may be written with or without dots (`74.71` or `7471`).
    """
    text = reference.strip()
    found = Employer.objects.filter(npp=text).first() if text else None
    if found is not None:
        return found
    code = text
    if _BARE_REGION_CODE.fullmatch(text):
        code = ".".join(text[i : i + 2] for i in range(0, len(text), 2))
    governments = list(Employer.objects.government_of(code)[:2]) if code else []
    if len(governments) == 1:
        return governments[0]
    raise EmployerUnknown(
        Refusal(
            "employer_unknown",
            f'Pemberi kerja "{text}" tidak ditemukan: isi NPP atau kode wilayah pemerintahnya.',
            f'No employer "{text}": give its NPP or the region code of its government.',
            field="employer",
        )
    )
