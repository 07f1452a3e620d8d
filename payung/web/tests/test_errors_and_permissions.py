"""Error pages are styled and bilingual with a way back; a role is offered only what it may open
(one helper, `payung.accounts.access.can`, for templates and views alike)."""

import pytest
from django.test import Client, RequestFactory

from payung.accounts.access import Action, can
from payung.tests.crawl import ROLES, client_for, crawl
from payung.web.errors import server_error

pytestmark = pytest.mark.django_db


def _says(page: str, *texts: str) -> None:
    for text in texts:
        assert text in page, text


def test_not_found_is_styled_bilingual_with_a_way_back(client: Client, user_named) -> None:
    client.force_login(user_named("cabang"))
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    page = response.content.decode()
    _says(page, "Halaman tidak ditemukan", "Page not found", 'href="/" id="back-home"')
    _says(page, "payung.css", 'aria-controls="site-nav"')  # the site's own header and style


def test_anonymous_not_found_is_styled_too(client: Client) -> None:
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    _says(response.content.decode(), "Halaman tidak ditemukan", "Page not found", "back-home")


def test_refusals_raised_by_views_get_the_styled_403(client: Client, user_named) -> None:
    client.force_login(user_named("pimpinan"))  # a viewer may not import
    response = client.get("/impor/unggah/")
    assert response.status_code == 403
    page = response.content.decode()
    _says(page, "tidak terbuka untuk peran Anda", "not open to your role", "back-home")


def test_a_form_without_its_security_token_gets_the_styled_403(user_named) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_named("cabang"))
    response = client.post("/sosialisasi/wilayah/74/sasaran/", {"head_count": "1"})
    assert response.status_code == 403
    _says(response.content.decode(), "sudah kedaluwarsa", "This form has expired", "back-home")


def test_server_error_page_needs_no_database_nor_request() -> None:
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    _says(response.content.decode(), "Terjadi kesalahan", "Something went wrong", "back-home")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("cabang", {"view_outreach", "record_outreach", "view_billing", "bill", "import",
                    "issue_certificate", "print_cards"}),
        ("kendari", {"view_outreach", "record_outreach", "view_billing", "bill", "import",
                     "issue_certificate", "print_cards"}),
        ("damkar", {"import", "print_cards"}),
        ("pimpinan", {"view_outreach", "view_billing"}),
        ("admin", {"view_outreach", "record_outreach", "view_billing", "bill", "import",
                   "issue_certificate", "print_cards", "back_office"}),
    ],
)  # fmt: skip
def test_can_per_role(role: str, allowed: set[str], user_named) -> None:
    user = user_named(role)
    granted = {
        action.value for action in Action if action != Action.VIEW_REGION and can(user, action)
    }
    assert granted == allowed


def test_can_view_region_follows_the_scope(user_named) -> None:
    kendari = user_named("kendari")
    assert can(kendari, "view_region", "74.71")
    assert can(kendari, "view_region", "74.71.01")
    assert not can(kendari, "view_region", "74")  # its province: shown as text, not a link
    assert not can(kendari, "view_region", "74.7")
    assert can(user_named("cabang"), "view_region", "74")


@pytest.mark.parametrize("role", ROLES)
def test_no_link_leads_to_a_refusal(role: str) -> None:
    """Every page a role reaches by following links opens (no 403, no 404): damkar's billing and
    outreach, the Kendari officer's province breadcrumb, the viewer's import."""
    refused = [f"{page.status} {page.url}" for page in crawl(client_for(role, "id"))
               if page.status != 200]  # fmt: skip
    assert not refused, refused
