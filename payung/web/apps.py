from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "payung.web"
    label = "web"
    verbose_name = "Halaman / Pages"

    def ready(self) -> None:
        from django.db.models import fields

        # Django's blank choice ("- Select an option -") has no Indonesian; Django 6.1 lets an
        # app's ready() replace it for every select of the product.
        fields.BLANK_CHOICE_LABEL = _("— pilih —")  # type: ignore[misc]
