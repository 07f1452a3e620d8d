"""Every form of the product, found by crawling each role's pages in both languages, is submitted
the way a browser would submit it as rendered — and none is refused for a field the page itself
filled in (the Indonesian date bug: `<input type=date value="01-12-2026">` reaches the server
blank, because a browser drops a date value that is not ISO).

Blank required fields are filled as a person would (a date, a number, a choice, a small file).
"""

import re
from typing import Any
from urllib.parse import urljoin

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from payung.core.forms import renders_iso
from payung.imports.tests.web_support import valid_and_bad

from .crawl import LANGUAGES, ROLES, FormFound, client_for, crawl, shape

pytestmark = pytest.mark.django_db

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
NOT_SUBMITTED = ("/keluar/", "/i18n/setlang/")  # sign-out and Django's language switch
REFUSALS = (
    "Bidang ini tidak boleh kosong",
    "This field is required",
    "Masukkan tanggal yang valid",
    "Enter a valid date",
    "Wajib diisi / Required",
    "Bukan tanggal (TTTT-BB-HH)",
)
FORM_MODULES = ("forms", "views", "calculators", "admin")
FILLED_BY_TYPE = {"date": "2026-12-01", "number": "1", "email": "a@example.org"}


def browser_data(form: FormFound) -> tuple[dict[str, Any], list[str], list[str]]:
    """What a browser sends for `form` as rendered, with blank required fields filled in; the
    dates a browser drops, and the fields this test filled in by guess."""
    data: dict[str, Any] = {}
    dropped: list[str] = []
    guessed: list[str] = []
    radios_checked: set[str] = set()
    for element in form.fields:
        name, kind = element["name"], element.get("type", "text")
        if element["tag"] == "button" or kind in ("submit", "button", "reset"):
            continue
        value = element.get("value", "")
        if element["tag"] == "textarea":
            value = value.removeprefix("\n")  # HTML drops a textarea's first newline
        if element["tag"] == "select":
            options = form.selects.get(name, [])
            chosen = next((o for o in options if o), "") if "required" in element else ""
            value = options[0] if options and options[0] else chosen
        elif kind in ("checkbox", "radio"):
            if "checked" in element:
                data.setdefault(name, []).append(value or "on")
                radios_checked.add(name)
            elif kind == "radio" and "required" in element and name not in radios_checked:
                data[name] = [value]
                radios_checked.add(name)
            continue
        elif kind == "file":
            if "required" in element:
                data[name] = SimpleUploadedFile("daftar.csv", valid_and_bad(), "text/csv")
            continue
        elif kind == "date" and value and not ISO.fullmatch(value):
            dropped.append(f"{name}={value!r}")
            value = ""  # what a browser does with a date value it cannot read
        if not value and "required" in element:
            value = FILLED_BY_TYPE.get(kind, "2500000")
            guessed.append(name)
        data[name] = value
    return data, dropped, guessed


def forms_of(client: Client) -> list[tuple[str, FormFound]]:
    """Each form of the crawled pages once, with the page it is on."""
    found: dict[tuple[str, str, str], tuple[str, FormFound]] = {}
    for page in crawl(client):
        for form in page.forms:
            action = urljoin(page.url, form.action) if form.action else page.url
            if action.split("?")[0].endswith(NOT_SUBMITTED):
                continue
            names = ",".join(sorted(f["name"] for f in form.fields))
            found.setdefault((shape(action), form.method, names), (page.url, form))
    return list(found.values())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_form_submits_as_rendered(role: str, language: str) -> None:
    """No form is refused for a value its own page rendered (dates above all)."""
    client = client_for(role, language)
    forms = forms_of(client)
    assert forms, f"{role} sees no form at all: the crawl found nothing"
    problems = []
    for page_url, form in forms:
        data, dropped, guessed = browser_data(form)
        if dropped:
            problems.append(f"{page_url}: dates a browser cannot read: {', '.join(dropped)}")
        action = urljoin(page_url, form.action) if form.action else page_url
        if form.method == "post":
            response = client.post(action, data, follow=True)
        else:
            response = client.get(action.split("#")[0], data, follow=True)
        body = response.content.decode()
        # A form may refuse what this test made up (a NIK, a name: 400 with the form's errors),
        # never what its page rendered: a refusal counts when nothing was guessed.
        if response.status_code >= 400 and not (response.status_code == 400 and guessed):
            problems.append(f"{page_url} → {form.method} {action}: {response.status_code}")
        problems += [f"{page_url} → {action}: {text!r}" for text in REFUSALS if text in body]
    assert not problems, "\n".join(problems)


def test_every_date_field_renders_iso() -> None:
    """Every DateField of every form class in the product uses the ISO date input."""
    import importlib
    import pkgutil

    from django import forms

    import payung

    for module in pkgutil.walk_packages(payung.__path__, "payung."):
        if ".tests" not in module.name and module.name.endswith(FORM_MODULES):
            importlib.import_module(module.name)
    checked = []

    def subclasses(cls: type) -> list[type]:
        found = [cls]
        direct: list[type] = cls.__subclasses__()
        for sub in direct:
            found += subclasses(sub)
        return found

    for form_class in subclasses(forms.BaseForm):
        if not form_class.__module__.startswith("payung."):
            continue
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.DateField):
                checked.append(f"{form_class.__name__}.{name}")
                assert renders_iso(field), f"{form_class.__module__}.{checked[-1]} renders locally"
    assert len(checked) >= 8, checked
