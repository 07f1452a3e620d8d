"""The upload form: a plain HTML form that works without JavaScript."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.core.access import scope_for
from payung.core.forms import DateField
from payung.employers.models import Employer, WorkUnit

from .models import Mode
from .runs import ACCEPTED_SUFFIXES, PROGRAM_CHOICES, writable_employers

PROGRAM_LABELS = {"jkk": "JKK", "jkm": "JKM", "jht": "JHT", "jp": "JP"}


class UploadForm(forms.Form):
    employer = forms.ModelChoiceField(queryset=Employer.objects.none(), label=_("Pemberi kerja"))
    unit = forms.ModelChoiceField(
        queryset=WorkUnit.objects.none(),
        required=False,
        label=_("Unit kerja"),
        empty_label=_("Semua unit (seluruh pemberi kerja)"),
        help_text=_("Isi bila berkas ini hanya daftar satu unit kerja."),
    )
    mode = forms.ChoiceField(
        choices=Mode.choices,
        initial=Mode.ADD,
        widget=forms.RadioSelect,
        label=_("Mode"),
        help_text=_(
            "Ganti: pekerja yang tidak ada di berkas diakhiri kepesertaannya pada tanggal berlaku."
        ),
    )
    on = DateField(label=_("Tanggal berlaku"))
    programs = forms.MultipleChoiceField(
        choices=[(p, PROGRAM_LABELS[p]) for p in PROGRAM_CHOICES],
        initial=["jkk", "jkm"],
        widget=forms.CheckboxSelectMultiple,
        label=_("Program"),
    )
    all_or_nothing = forms.BooleanField(
        required=False,
        label=_("Semua atau tidak sama sekali"),
        help_text=_("Tolak seluruh berkas bila ada satu baris saja yang ditolak."),
    )
    file = forms.FileField(
        label=_("Berkas daftar pekerja (.csv atau .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )

    def __init__(self, *args: Any, user: Any, employer_id: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        employers = writable_employers(user).select_related("region")
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
        scope = scope_for(user)
        units = WorkUnit.objects.in_scope(scope).filter(employer__in=employers)
        if scope.unit_ids is not None:  # a unit operator imports into its own unit, never all
            unit_field = self.fields["unit"]
            unit_field.required = True
            unit_field.empty_label = None  # type: ignore[attr-defined]
            unit_field.help_text = ""
            unit_field.initial = scope.unit_ids[0]
        if employer_id is None:  # one employer to choose from: choose it
            first_two = list(employers.values_list("pk", flat=True)[:2])
            employer_id = first_two[0] if len(first_two) == 1 else None
        if employer_id is not None:
            units = units.filter(employer_id=employer_id)
            self.fields["employer"].initial = employer_id
        self.fields["unit"].queryset = units.select_related("employer")  # type: ignore[attr-defined]
        self.fields["unit"].label_from_instance = _unit_label  # type: ignore[attr-defined]
        self.fields["on"].initial = timezone.localdate()


def _unit_label(unit: WorkUnit) -> str:
    return f"{unit.employer.name} — {unit.code} {unit.name}"
