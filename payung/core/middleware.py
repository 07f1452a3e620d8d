"""Requests refused before any view: a NUL character in the query or a form.

PostgreSQL cannot store or compare text holding NUL (`\\x00`), so a page passing such a
parameter on to a query fails with a server error; SQLite stores it. No valid input holds one.
The API refuses it in its own shape (`payung/api.py`); pages get a plain bilingual 400.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

NUL = "\x00"
MESSAGE = (
    "Permintaan ditolak: ada karakter NUL dalam isian. / "
    "Request refused: a field holds a NUL character."
)


def _holds_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    parts = [request.GET] + ([request.POST] if request.method == "POST" else [])
    return any(
        NUL in key or any(NUL in value for value in values)
        for part in parts
        for key, values in part.lists()
    )


class RefuseNulMiddleware:
    """Answer 400 to a page request whose path, query or form holds a NUL character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and _holds_nul(request):
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
