"""No page shows what only engineers should read: parameter keys (`contributions/jkk/very_low`,
`very_low`), repository paths (`payung/…`, `.yaml`, `docs/`), research notes' wording — crawled as
every role in both languages."""

import html
import re
from pathlib import Path

import pytest

import payung

from .crawl import LANGUAGES, ROLES, client_for, crawl

pytestmark = pytest.mark.django_db

PARAMETERS = Path(payung.__file__).parent / "rules" / "parameters"
PHRASES = (
    "(instrument not named in the facts)",
    "- Select an option -",
    "regulation-facts",
    "shared/seeds",
    "payung/",
    ".yaml",
    "docs/",
)
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]+>")


# The calculator's answers, which the crawl does not reach by links (each is a GET form).
CALCULATIONS = (
    "/kalkulator/?calc=contribution&contribution-wage=2.500.000&contribution-programs=jkk"
    "&contribution-programs=jkm&contribution-risk=very_low&contribution-on=2026-01-01"
    "&contribution-kind=pu",
    "/kalkulator/?calc=jkm&jkm-death_date=2026-01-01&jkm-contribution_years=5",
    "/kalkulator/?calc=jkk_death&jkk_death-wage=2500000&jkk_death-accident_date=2026-01-01",
    "/kalkulator/?calc=stmb&stmb-wage=2500000&stmb-accident_date=2026-01-01&stmb-months=8",
)


def parameter_keys() -> list[str]:
    """Every parameter's key (`contributions/jkk/very_low`) and its code-like names (`very_low`)."""
    keys = set()
    for path in PARAMETERS.rglob("*.yaml"):
        key = path.relative_to(PARAMETERS).with_suffix("").as_posix()
        keys.add(key)
        keys.update(part for part in key.split("/") if "_" in part)
    return sorted(keys, key=len, reverse=True)


def visible_text(page_html: str) -> str:
    return html.unescape(TAG.sub(" ", HIDDEN.sub(" ", page_html)))


def internal_text(text: str, keys: list[str]) -> list[str]:
    found = [phrase for phrase in PHRASES if phrase in text]
    found += [key for key in keys if re.search(rf"(?<![\w/-]){re.escape(key)}(?![\w/-])", text)]
    return found


def test_the_check_finds_keys_and_paths() -> None:
    keys = parameter_keys()
    assert "contributions/jkk/very_low" in keys
    assert "very_low" in keys
    assert internal_text("Tarif (contributions/jkk/very_low) dari payung/rules", keys)
    assert not internal_text("Tarif JKK 0,24% untuk risiko sangat rendah", keys)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_internal_text(role: str, language: str):
    keys = parameter_keys()
    found = {}
    client = client_for(role, language)
    pages = [(page.url, page.html) for page in crawl(client)]
    pages += [(url, client.get(url).content.decode()) for url in CALCULATIONS]
    for url, page_html in pages:
        leaks = internal_text(visible_text(page_html), keys)
        if leaks:
            found[url] = leaks
    assert not found, "\n".join(f"{url}: {leaks}" for url, leaks in found.items())


def test_english_wording_follows_the_glossary() -> None:
    """ "Jumlah" of money is "Amount" (never "Count"); an import's "Baris" are "Rows"."""
    client = client_for("cabang", "en")
    pages = {page.url: page.html for page in crawl(client)}
    assert not [url for url, page in pages.items() if ">Count<" in page]
    assert ">Rows<" in client.get("/impor/").content.decode()
    assert ">Number of people<" in client.get("/wilayah/74/").content.decode()
