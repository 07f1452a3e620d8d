from django.contrib.auth import views as auth_views
from django.urls import path

from payung.accounts.forms import LoginForm

from . import calculators, employer_pages, register, views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("wilayah/<str:code>/", views.region, name="region"),
    path("wilayah/<str:code>/biaya/", calculators.cost_to_cover, name="cost_to_cover"),
    path("kalkulator/", calculators.calculator, name="calculator"),
    path("pemberi-kerja/baru/", employer_pages.new_employer, name="new_employer"),
    path("pemberi-kerja/<int:pk>/", views.employer, name="employer"),
    path(
        "pemberi-kerja/<int:employer_id>/ubah/", employer_pages.edit_employer, name="edit_employer"
    ),
    path("pemberi-kerja/<int:employer_id>/unit-baru/", employer_pages.new_unit, name="new_unit"),
    path("unit/<int:unit_id>/ubah/", employer_pages.edit_unit, name="edit_unit"),
    path("unit/<int:pk>/", views.unit, name="unit"),
    path("unit/<int:unit_id>/pekerja.<str:fmt>", views.unit_export, name="unit_export"),
    path("pekerja/", views.workers, name="workers"),
    path("pekerja/daftar.<str:fmt>", views.workers_export, name="workers_export"),
    path("pekerja/<int:pk>/", views.worker, name="worker"),
    path(
        "pemberi-kerja/<int:employer_id>/pekerja-baru/",
        register.add_worker,
        name="add_worker",
    ),
    path("pekerja/<int:worker_id>/data-diri/", register.identity, name="worker_identity"),
    path("pekerja/<int:worker_id>/upah/", register.wage, name="worker_wage"),
    path("pekerja/<int:worker_id>/pindah/", register.move, name="worker_move"),
    path("pekerja/<int:worker_id>/akhiri/", register.end, name="worker_end"),
    path("pekerja/<int:worker_id>/meninggal/", register.death, name="worker_death"),
]
