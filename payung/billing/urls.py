"""Pages of the billing app (under /tagihan/)."""

from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("pemberi-kerja/<int:pk>/", views.employer_bills, name="employer_bills"),
    path("pemberi-kerja/<int:pk>/terbitkan/", views.issue, name="issue"),
    path(
        "pemberi-kerja/<int:pk>/terbitkan-yang-belum/",
        views.issue_missing_months,
        name="issue_missing",
    ),
    path("pemberi-kerja/<int:pk>/bayar/", views.pay, name="pay"),
    path("pemberi-kerja/<int:pk>/batalkan-pembayaran/", views.void, name="void"),
    path("pemberi-kerja/<int:pk>/setujui-pembatalan/", views.approve, name="approve_void"),
    path(
        "pemberi-kerja/<int:pk>/rekening.<str:fmt>",
        views.statement,
        name="statement",
    ),
    path("tunggakan/", views.arrears_home, name="arrears_home"),
    path("tunggakan/<str:code>/", views.arrears, name="arrears"),
    path("tunggakan/<str:code>/tunggakan.<str:fmt>", views.arrears_export, name="arrears_export"),
    path("<int:pk>/", views.bill, name="bill"),
    path("<int:pk>/finalkan/", views.finalize, name="finalize"),
    path("<int:pk>/buang/", views.discard, name="discard"),
    path("<int:pk>/pdf/", views.bill_pdf, name="bill_pdf"),
    path("<int:pk>/naikkan-upah/", views.raise_bill_wages, name="raise_wages"),
]
