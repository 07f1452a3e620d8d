from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "payung.outreach"
    label = "outreach"
    verbose_name = "Sosialisasi dan perjanjian / Outreach"
