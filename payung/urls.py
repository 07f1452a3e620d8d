from django.contrib import admin
from django.urls import include, path

from payung.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("impor/", include("payung.imports.urls")),
    path("tagihan/", include("payung.billing.urls")),
    path("sosialisasi/", include("payung.outreach.urls")),
    path("klaim/", include("payung.claims.urls")),
    path("", include("payung.documents.urls")),
    path("", include("payung.web.urls")),
]

handler400 = "payung.web.errors.bad_request"
handler403 = "payung.web.errors.forbidden"
handler404 = "payung.web.errors.not_found"
handler500 = "payung.web.errors.server_error"
