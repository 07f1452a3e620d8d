from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "payung.rules"
    label = "rules"
    verbose_name = "Rules"

    def ready(self) -> None:
        """Load every parameter file so a malformed one stops the app at start."""
        from payung.rules.loader import load_parameters

        load_parameters()
