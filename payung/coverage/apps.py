from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "payung.coverage"
    label = "coverage"
    verbose_name = "Cakupan / Coverage"
