from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "payung.enrollments"
    label = "enrollments"
    verbose_name = "Kepesertaan / Enrolments"

    def ready(self) -> None:
        from .tally import connect_signals

        connect_signals()
