"""Forms of the register's life events; what they do is in the services they are passed to."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.core.forms import DateField
from payung.employers.models import Employer, EmployerKind, RiskClass, WorkUnit
from payung.enrollments.models import EndReason, Enrollment, Program
from payung.enrollments.selectors import WorkerStatus
from payung.workers.models import Category, Employment, Sex, Worker

# The reasons a person picks; `not_in_roster` belongs to imports and `death` to its own form.
PICKED_END_REASONS = [
    (value, label)
    for value, label in EndReason.choices
    if value not in {EndReason.NOT_IN_ROSTER, EndReason.DEATH, EndReason.TRANSFERRED}
]
INSURED_PROGRAMS = [(Program.JKK, Program.JKK.label), (Program.JKM, Program.JKM.label)]


def employment_label(employment: Employment) -> str:
    unit = f" — {employment.unit.name}" if employment.unit_id and employment.unit else ""
    since = f"{employment.start_date:%d-%m-%Y}"
    return f"{employment.employer.name}{unit} ({_('sejak')} {since})"


class IdentityForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=160)
    birth_date = DateField(label=_("Tanggal lahir"))
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices)
    category = forms.ChoiceField(label=_("Kategori"), choices=Category.choices)


class AddWorkerForm(IdentityForm):
    nik = forms.CharField(label="NIK", max_length=40)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=WorkUnit.objects.none(), required=False
    )
    start = DateField(label=_("Mulai bekerja"))
    wage = forms.DecimalField(
        label=_("Upah sebulan (Rp)"), required=False, min_value=Decimal(1), decimal_places=2
    )
    programs = forms.MultipleChoiceField(
        label=_("Program"),
        choices=INSURED_PROGRAMS,
        initial=[Program.JKK, Program.JKM],
        widget=forms.CheckboxSelectMultiple,
    )
    kpj = forms.CharField(label=_("Nomor KPJ (jika sudah ada)"), max_length=20, required=False)

    field_order = ["nik", "name", "birth_date", "sex", "category", "unit", "start", "wage"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class WageForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Pemberi kerja"), queryset=Employer.objects.none())
    amount = forms.DecimalField(
        label=_("Upah sebulan (Rp)"), min_value=Decimal(1), decimal_places=2
    )
    start = DateField(label=_("Berlaku mulai"))

    def __init__(self, *args: Any, employers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]


class EmploymentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return employment_label(obj)


class MoveForm(forms.Form):
    employment = EmploymentChoiceField(label=_("Dari"), queryset=Employment.objects.none())
    destination = forms.ChoiceField(label=_("Ke"))
    on = DateField(label=_("Mulai di tempat baru"))
    wage = forms.DecimalField(
        label=_("Upah baru sebulan (Rp, kosongkan jika tetap)"),
        required=False,
        min_value=Decimal(1),
        decimal_places=2,
    )

    def __init__(
        self, *args: Any, employments: Any, units: Any, employers: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employment"].queryset = employments  # type: ignore[attr-defined]
        choices = [(f"u{unit.pk}", f"{unit.employer.name} — {unit.name}") for unit in units]
        choices += [(f"e{employer.pk}", employer.name) for employer in employers]
        self.fields["destination"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
        self._units = {f"u{unit.pk}": unit for unit in units}
        self._employers = {f"e{employer.pk}": employer for employer in employers}

    def chosen_place(self) -> tuple[Employer, WorkUnit | None]:
        key = self.cleaned_data["destination"]
        if key in self._units:
            unit = self._units[key]
            return unit.employer, unit
        return self._employers[key], None


class EndForm(forms.Form):
    target = forms.ChoiceField(label=_("Yang diakhiri"))
    on = DateField(label=_("Hari terakhir"))
    reason = forms.ChoiceField(label=_("Alasan"), choices=PICKED_END_REASONS)

    def __init__(self, *args: Any, employments: Any, enrollments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._employments = {f"m{e.pk}": e for e in employments}
        self._enrollments = {f"k{e.pk}": e for e in enrollments}
        choices = [
            (key, f"{_('Hubungan kerja')}: {employment_label(e)} {_('dan kepesertaannya')}")
            for key, e in self._employments.items()
        ]
        choices += [
            (key, f"{_('Kepesertaan')} {e.program.upper()} — {e.employer.name}")
            for key, e in self._enrollments.items()
        ]
        self.fields["target"].choices = choices  # type: ignore[attr-defined]

    def chosen(self) -> Employment | Enrollment:
        key = self.cleaned_data["target"]
        return self._employments.get(key) or self._enrollments[key]


class DeathForm(forms.Form):
    died_on = DateField(label=_("Tanggal meninggal"))


def identity_initial(worker: Worker) -> dict[str, Any]:
    return {
        "name": worker.name,
        "birth_date": worker.birth_date,
        "sex": worker.sex,
        "category": worker.category,
    }


class EmployerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=EmployerKind.choices)
    region = forms.CharField(
        label=_("Kode wilayah (Kemendagri)"),
        max_length=20,
        help_text=_("Misalnya 74.71 untuk Kota Kendari."),
    )
    name = forms.CharField(label=_("Nama"), max_length=160)
    npp = forms.CharField(label="NPP", max_length=20, required=False)
    risk_class = forms.ChoiceField(label=_("Tingkat risiko JKK"), choices=RiskClass.choices)


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=30)
    name = forms.CharField(label=_("Nama"), max_length=160)
    risk_class = forms.ChoiceField(
        label=_("Tingkat risiko JKK unit"),
        choices=[("", _("Sama dengan pemberi kerja")), *RiskClass.choices],
        required=False,
        help_text=_("Isi hanya bila pekerjaan unit ini berbeda, mis. Damkar atau Satpol PP."),
    )


UNIT_CHOICES_MAX = 300
"""The most work units the worker list's unit filter offers before asking for an employer."""


class WorkerFilterForm(forms.Form):
    """The worker list's filters (GET): employer, unit, status and category."""

    employer = forms.TypedChoiceField(
        label=_("Pemberi kerja"), coerce=int, required=False, empty_value=None
    )
    unit = forms.TypedChoiceField(
        label=_("Unit kerja"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(
        label=_("Kategori"), required=False, choices=[("", _("Semua kategori")), *Category.choices]
    )

    def __init__(self, *args: Any, employers: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [("", _("Semua pemberi kerja")), *employers]  # type: ignore[attr-defined]
        self.fields["unit"].choices = [("", _("Semua unit kerja")), *units]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("Semua status")), *WorkerStatus.choices]  # type: ignore[attr-defined]
