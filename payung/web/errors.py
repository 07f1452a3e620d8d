"""The site's error pages: styled, in Indonesian and English, each with a way back.

403 and 404 keep the site's header (the user is still signed in and may go elsewhere); 500 is
rendered from a template that needs neither the database nor the request, since either may be
what failed.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

TITLES: dict[int | str, tuple[str, str]] = {
    "csrf": ("Formulir ini sudah kedaluwarsa", "This form has expired"),
    400: ("Permintaan tidak dapat dibaca", "The request could not be read"),
    403: ("Halaman ini tidak terbuka untuk peran Anda", "This page is not open to your role"),
    404: ("Halaman tidak ditemukan", "Page not found"),
}
EXPLANATIONS: dict[int | str, tuple[str, str]] = {
    "csrf": (
        "Halaman dibuka terlalu lama atau Anda sudah masuk ulang. Muat ulang lalu kirim lagi.",
        "The page was open too long or you signed in again. Reload it and send again.",
    ),
    400: (
        "Alamat atau isian formulir ini tidak dapat diproses. Muat ulang halaman lalu coba lagi.",
        "This address or form could not be processed. Reload the page and try again.",
    ),
    403: (
        "Akun Anda boleh melihat dan mengubah bagian register tertentu saja.",
        "Your account may see and change only part of the register.",
    ),
    404: (
        "Alamat ini tidak ada, atau yang dituju berada di luar wilayah atau unit Anda.",
        "This address does not exist, or what it points to is outside your region or unit.",
    ),
}


def _error_page(request: HttpRequest, status: int, kind: int | str | None = None) -> HttpResponse:
    title_id, title_en = TITLES[kind or status]
    explanation_id, explanation_en = EXPLANATIONS[kind or status]
    context = {
        "status": status,
        "title_id": title_id,
        "title_en": title_en,
        "explanation_id": explanation_id,
        "explanation_en": explanation_en,
        "path": request.path,
    }
    return render(request, "web/error.html", context, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """400: a request Django could not accept (e.g. a suspicious host or a broken form)."""
    return _error_page(request, 400)


@requires_csrf_token
def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """403: the role may not open this page."""
    return _error_page(request, 403)


@requires_csrf_token
def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """404: nothing here, or nothing the user may see (the two are not told apart)."""
    return _error_page(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form sent without a valid security token (an expired page, usually)."""
    return _error_page(request, 403, "csrf")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """500: something failed on our side; said plainly, with no detail."""
    return HttpResponseServerError(loader.render_to_string("500.html"))
