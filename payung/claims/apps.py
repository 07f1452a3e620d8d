from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "payung.claims"
    label = "claims"
    verbose_name = "Klaim / Claims"
