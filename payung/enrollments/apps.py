from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "payung.enrollments"
    label = "enrollments"
    verbose_name = "Kepesertaan / Enrolments"
