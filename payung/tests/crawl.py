"""Test support: every page a role can reach by following the links of the pages it sees.

Pages are found, not listed, so a page added tomorrow is crawled the day its first link appears.
One page per URL *shape* (numbers stand for any object) keeps the crawl small.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.test import Client

ROLES = ("cabang", "provinsi", "kendari", "damkar", "pimpinan", "admin")
LANGUAGES = ("id", "en")

SKIPPED_PREFIXES = ("/admin/", "/api/", "/keluar/", "/i18n/", "/static/", "/media/", "/verify/")
SKIPPED_SUFFIXES = (".pdf", ".xlsx", ".csv", ".json", ".png", ".svg")
MAX_PAGES = 80


@dataclass
class FormFound:
    """One `<form>` of a page, with the fields it would send as rendered."""

    action: str
    method: str
    fields: list[dict[str, str]] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[FormFound] = []
        self._select: str | None = None
        self._textarea: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "form":
            self.forms.append(
                FormFound(values.get("action", ""), values.get("method", "get").lower())
            )
        elif not self.forms:
            return
        elif tag in ("input", "button") and values.get("name"):
            self.forms[-1].fields.append({"tag": tag, **values})
        elif tag == "select" and values.get("name"):
            self._select = values["name"]
            self.forms[-1].fields.append({"tag": "select", **values})
            self.forms[-1].selects[self._select] = []
        elif tag == "option" and self._select is not None:
            options = self.forms[-1].selects[self._select]
            if "selected" in values:
                options.insert(0, values.get("value", ""))
            else:
                options.append(values.get("value", ""))
        elif tag == "textarea" and values.get("name"):
            self._textarea = {"tag": "textarea", **values, "value": ""}
            self.forms[-1].fields.append(self._textarea)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["value"] += data


@dataclass
class Page:
    url: str
    status: int
    html: str
    forms: list[FormFound]


def parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    return parser


def shape(url: str) -> str:
    """The URL with its numbers and region codes generalised: one page per shape is enough."""
    path = urlsplit(url).path
    return re.sub(r"\d+(\.\d+)*", "N", path)


def crawl(client: Client, start: str = "/", limit: int = MAX_PAGES) -> Iterator[Page]:
    """Every HTML page reachable from `start` by links, one per URL shape, as `client` sees it."""
    queue = [start]
    seen: set[str] = set()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        key = shape(url)
        if key in seen:
            continue
        seen.add(key)
        response = client.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        final = urljoin(url, final)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        parsed = parse(html)
        yield Page(final, response.status_code, html, parsed.forms)
        for href in parsed.links:
            target = urljoin(final, href)
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                continue
            path = parts.path
            if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
                continue
            local = path + (f"?{parts.query}" if parts.query else "")
            if shape(local) not in seen:
                queue.append(local)


def client_for(username: str | None, language: str) -> Client:
    """A test client logged in as a demo user (None: anonymous), speaking `language`."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    client = Client(headers={"accept-language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if username is not None:
        client.force_login(get_user_model().objects.get(username=username))
    return client
