from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "payung.employers"
    label = "employers"
    verbose_name = "Pemberi kerja / Employers"
