from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "payung.regions"
    label = "regions"
    verbose_name = "Wilayah / Regions"
