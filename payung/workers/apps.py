from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "payung.workers"
    label = "workers"
    verbose_name = "Pekerja / Workers"
