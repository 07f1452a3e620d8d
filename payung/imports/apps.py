from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "payung.imports"
    label = "imports"
    verbose_name = "Impor daftar pekerja / Roster import"
