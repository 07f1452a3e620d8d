from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "payung.core"
    label = "core"
    verbose_name = "Payung"
