"""One number format per language on every page: `Rp13.248.990` and `1.136` in Indonesian,
`Rp13,248,990` and `1,136` in English, negative amounts as `-Rp309` — crawled as every role."""

import html
import re

import pytest
from django.apps import apps
from django.db import models

from payung.tests.crawl import client_for, crawl

pytestmark = pytest.mark.django_db

AMOUNT = re.compile(r"-?Rp\s?-?[\d.,]+\d")
FORMATS = {
    "id": re.compile(r"-?Rp\d{1,3}(\.\d{3})*(,\d+)?"),
    "en": re.compile(r"-?Rp\d{1,3}(,\d{3})*(\.\d+)?"),
}
TAG = re.compile(r"<[^>]+>")


def typed_by_people() -> list[str]:
    """Text people typed (notes, sources) holding an amount: shown as typed, so not judged."""
    found: list[str] = []
    for model in apps.get_app_config("outreach").get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField):
                values = model._default_manager.filter(**{f"{field.name}__contains": "Rp"})
                found += values.values_list(field.name, flat=True)
    return sorted(found, key=len, reverse=True)


def visible_text(page_html: str, free_text: list[str]) -> str:
    text = html.unescape(TAG.sub(" ", page_html))
    for typed in free_text:
        text = text.replace(typed, " ")
    return text


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("role", ["cabang", "damkar"])
def test_every_amount_on_every_page_is_in_the_language_format(role: str, language: str) -> None:
    wrong = []
    seen = 0
    free_text = typed_by_people()
    for page in crawl(client_for(role, language)):
        text = visible_text(page.html, free_text)
        for amount in AMOUNT.findall(text):
            seen += 1
            if not FORMATS[language].fullmatch(amount):
                wrong.append(f"{page.url}: {amount}")
    assert seen >= (20 if role == "cabang" else 1), "the crawl found too few amounts to judge"
    assert not wrong, wrong[:20]


def test_differences_are_signed_and_grouped(user_named) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user_named("cabang"))
    page = client.get("/wilayah/74/?on=2018-10-31").content.decode()
    assert "Selisih +1" in page  # 7,432 in the register against 7,431 reported
