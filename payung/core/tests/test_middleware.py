"""A NUL character in a page's query or form is refused before any view (PostgreSQL cannot
compare text holding one: the worker search and the outreach board answered 500)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/pekerja/?q=%00", "/sosialisasi/?region=%00", "/wilayah/74/?on=2018%0010-31"]
)
def test_a_nul_in_the_query_is_a_bad_request(client, user_named, url):
    client.force_login(user_named("cabang"))
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_in_a_form_is_a_bad_request(client, user_named):
    client.force_login(user_named("cabang"))
    response = client.post("/pekerja/", {"q": "Budi\x00"})
    assert response.status_code == 400


def test_pages_without_a_nul_are_served(client, user_named):
    client.force_login(user_named("cabang"))
    assert client.get("/sosialisasi/?region=74").status_code == 200
