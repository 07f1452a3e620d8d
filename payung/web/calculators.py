"""The calculator and cost-to-cover pages: thin forms over the rules' formulas.

Every refusal of the rules (a RuleError with its stable code) is shown on the form, in Indonesian
and English, beside the field it concerns.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.core.access import get_visible_or_404, scope_for
from payung.core.forms import DateField
from payung.core.money import parse_amount
from payung.core.replica import reads_from_replica
from payung.employers.models import EmployerKind, RiskClass
from payung.enrollments.models import Program
from payung.regions.models import Region
from payung.rules.errors import RuleError
from payung.rules.formulas import contributions, jkk_death_benefit, jkm_benefit, stmb

from . import costs
from .explain import component_explanation, share_explanation, shown
from .selectors import pickable_regions

ERRORS = {
    "required": "Wajib diisi / Required",
    "invalid": "Isian tidak valid / Not a valid value",
    "invalid_choice": "Pilihan tidak dikenal / Unknown choice",
    "invalid_list": "Pilihan tidak dikenal / Unknown choice",
}
DATE_ERRORS = {**ERRORS, "invalid": "Bukan tanggal (TTTT-BB-HH) / Not a date (YYYY-MM-DD)"}
NUMBER_ERRORS = {**ERRORS, "invalid": "Bukan bilangan bulat / Not a whole number"}
AMOUNT_ERROR = "Bukan jumlah uang, mis. 2552014 / Not an amount, e.g. 2552014"

# Rules' field names that differ from the forms' field names.
FIELD_NAMES = {"risk_class": "risk", "program": "programs"}


class AmountField(forms.CharField):
    """A Rupiah amount; the rules, not the form, decide whether it is allowed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", ERRORS)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_amount(text)
        except ValueError as error:
            raise forms.ValidationError(AMOUNT_ERROR, code="invalid") from error


def _date_field(label: Any) -> forms.DateField:
    return DateField(label=label, error_messages=DATE_ERRORS)


def _programs_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Program"),
        choices=Program.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=ERRORS,
    )


def _risk_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Tingkat risiko JKK"), choices=RiskClass.choices, error_messages=ERRORS
    )


class ContributionForm(forms.Form):
    wage = AmountField(label=_("Upah sebulan (Rp)"))
    programs = _programs_field()
    risk = _risk_field()
    on = _date_field(_("Bulan iuran (tanggal mana pun di bulan itu)"))
    kind = forms.ChoiceField(
        label=_("Jenis peserta"),
        choices=[
            ("pu", _("Penerima upah (PU)")),
            ("bpu", _("Bukan penerima upah (BPU): isi penghasilan sebagai upah")),
        ],
        error_messages=ERRORS,
    )
    employer_kind = forms.ChoiceField(
        label=_("Jenis pemberi kerja"),
        choices=[("", "—"), *EmployerKind.choices],
        required=False,
        error_messages=ERRORS,
    )


class JkmForm(forms.Form):
    death_date = _date_field(_("Tanggal meninggal"))
    contribution_years = AmountField(label=_("Masa iuran (tahun)"), required=False)


class JkkDeathForm(forms.Form):
    wage = AmountField(label=_("Upah sebulan (Rp)"))
    accident_date = _date_field(_("Tanggal kecelakaan kerja"))


class StmbForm(forms.Form):
    wage = AmountField(label=_("Upah sebulan (Rp)"))
    accident_date = _date_field(_("Tanggal kecelakaan kerja"))
    months = forms.IntegerField(
        label=_("Lama tidak mampu bekerja (bulan)"), error_messages=NUMBER_ERRORS
    )


def show_refusal(form: forms.Form, error: RuleError) -> None:
    """Put the rules' refusal on the field it concerns, or on the form."""
    for refusal in error.refusals:
        name = FIELD_NAMES.get(refusal.field, refusal.field)
        form.add_error(name if name in form.fields else None, refusal.message)


def _contribution(data: dict[str, Any]) -> dict[str, Any]:
    result = contributions(
        on=data["on"],
        wage=data["wage"],
        programs=data["programs"],
        risk_class=data["risk"],
        kind=data["kind"],
        employer_kind=data["employer_kind"] or None,
    )
    return {
        "set": result,
        "lines": [(line, shown(line.explanation)) for line in result.lines],
        "explanation": shown(result.explanation),
    }


COMPONENT_LABELS = {
    "lump_sum": _("Santunan sekaligus"),
    "periodic": _("Santunan berkala"),
    "funeral": _("Biaya pemakaman"),
}


def _benefit_rows(benefit: Any) -> list[tuple[Any, Decimal, Any]]:
    return [
        (
            COMPONENT_LABELS.get(name, name),
            amount,
            component_explanation(benefit.explanation, name),
        )
        for name, amount in benefit.components.items()
    ]


def _jkm(data: dict[str, Any]) -> dict[str, Any]:
    benefit = jkm_benefit(
        death_date=data["death_date"], contribution_years=data["contribution_years"]
    )
    return {
        "benefit": benefit,
        "rows": _benefit_rows(benefit),
        "explanation": shown(benefit.explanation),
    }


def _jkk_death(data: dict[str, Any]) -> dict[str, Any]:
    benefit = jkk_death_benefit(wage=data["wage"], accident_date=data["accident_date"])
    return {
        "benefit": benefit,
        "rows": _benefit_rows(benefit),
        "explanation": shown(benefit.explanation),
    }


def _stmb(data: dict[str, Any]) -> dict[str, Any]:
    schedule = stmb(wage=data["wage"], accident_date=data["accident_date"], months=data["months"])
    shares = {month.ratio for month in schedule.schedule}
    why = {ratio: share_explanation(schedule.explanation, ratio) for ratio in shares}
    return {
        "schedule": schedule,
        "months": [(month, why[month.ratio]) for month in schedule.schedule],
        "explanation": shown(schedule.explanation),
    }


@dataclass(frozen=True)
class Calculator:
    """One form of the calculator page and the formula behind it."""

    name: str
    title: Any
    form_class: type[forms.Form]
    calculate: Callable[[dict[str, Any]], dict[str, Any]]
    initial: Callable[[date], dict[str, Any]]


CALCULATORS = (
    Calculator(
        "contribution",
        _("Iuran per pekerja per bulan"),
        ContributionForm,
        _contribution,
        lambda today: {
            "wage": "2000000",
            "programs": list(costs.DEFAULT_PROGRAMS),
            "risk": costs.DEFAULT_RISK_CLASS,
            "on": today,
            "kind": "pu",
        },
    ),
    Calculator(
        "jkm",
        _("Manfaat JKM (meninggal bukan karena kecelakaan kerja)"),
        JkmForm,
        _jkm,
        lambda today: {"death_date": today},
    ),
    Calculator(
        "jkk_death",
        _("Manfaat JKK: meninggal karena kecelakaan kerja"),
        JkkDeathForm,
        _jkk_death,
        lambda today: {"wage": "2000000", "accident_date": today},
    ),
    Calculator(
        "stmb",
        _("STMB: santunan sementara tidak mampu bekerja"),
        StmbForm,
        _stmb,
        lambda today: {"wage": "2000000", "accident_date": today, "months": 13},
    ),
)


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    """Contribution, JKM, JKK death and STMB calculators; the submitted one is computed."""
    chosen = request.GET.get("calc")
    today = timezone.localdate()
    panels = []
    for calc in CALCULATORS:
        result = None
        if calc.name == chosen:
            form = calc.form_class(request.GET, prefix=calc.name)
            if form.is_valid():
                try:
                    result = calc.calculate(form.cleaned_data)
                except RuleError as error:
                    show_refusal(form, error)
        else:
            form = calc.form_class(prefix=calc.name, initial=calc.initial(today))
        panels.append({"calc": calc, "form": form, "result": result})
    return render(request, "web/calculator.html", {"panels": panels, "chosen": chosen})


class CostForm(forms.Form):
    region = forms.ChoiceField(label=_("Wilayah"), error_messages=ERRORS)
    year = forms.IntegerField(label=_("Tahun"), error_messages=NUMBER_ERRORS)
    workers = forms.IntegerField(
        label=_("Jumlah pekerja"), required=False, error_messages=NUMBER_ERRORS
    )
    wage = AmountField(label=_("Upah sebulan (Rp)"), required=False)
    risk = _risk_field()
    programs = _programs_field()

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(region.code, f"{region.code} {region.name}") for region in regions]


EXPORTS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest, today: date) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return today.year


def _programs(request: HttpRequest) -> list[str]:
    """`programs=jkk&programs=jkm` or `programs=jkk,jkm`."""
    chosen = [
        part.strip() for value in request.GET.getlist("programs") for part in value.split(",")
    ]
    return [part for part in chosen if part] or list(costs.DEFAULT_PROGRAMS)


@login_required
@reads_from_replica
def cost_to_cover(request: HttpRequest, code: str) -> HttpResponse:
    """What covering a region's workers costs a month and a year, per program and budget code."""
    region = get_visible_or_404(request.user, Region.objects.all(), code=code)
    picked = request.GET.get("region", "")
    if picked and picked != region.code:
        query = {key: request.GET.getlist(key) for key in request.GET if key != "region"}
        target = reverse("cost_to_cover", kwargs={"code": picked})
        return redirect(f"{target}?{urlencode(query, doseq=True)}" if query else target)

    scope = scope_for(request.user)
    today = timezone.localdate()
    year = _year(request, today)
    known = costs.known_workers(region=region, year=year, scope=scope, today=today)
    try:
        minimum = costs.region_minimum_wage(region=region, year=year)
    except RuleError:
        minimum = None
    typed_workers = request.GET.get("workers", "").strip()
    typed_wage = request.GET.get("wage", "").strip()
    data = {
        "region": region.code,
        "year": request.GET.get("year", "").strip() or str(year),
        "workers": typed_workers or ("" if known.count is None else str(known.count)),
        "wage": typed_wage or ("" if minimum is None else format(minimum.amount, "f")),
        "risk": request.GET.get("risk", "").strip() or costs.DEFAULT_RISK_CLASS,
        "programs": _programs(request),
    }
    regions = pickable_regions(scope)
    if region not in regions:
        regions = [region, *regions]
    form = CostForm(data, regions=regions)
    result = None
    if form.is_valid():
        clean = form.cleaned_data
        if clean["workers"] is None:
            form.add_error(
                "workers",
                "Jumlah pekerja belum diketahui: ketik jumlahnya / "
                "The number of workers is not known: type it",
            )
        elif clean["wage"] is None:
            form.add_error(
                "wage",
                "Upah minimum tahun itu belum diketahui: ketik upahnya / "
                "That year's minimum wage is not known: type the wage",
            )
        else:
            try:
                result = costs.cost_to_cover(
                    region=region,
                    workers=clean["workers"],
                    wage=clean["wage"],
                    year=clean["year"],
                    programs=tuple(clean["programs"]),
                    risk_class=clean["risk"],
                )
            except RuleError as error:
                show_refusal(form, error)
    export = request.GET.get("export", "")
    if result is not None and export in EXPORTS:
        workers_source = costs.TYPED if typed_workers else known.source
        wage_source = costs.TYPED if typed_wage or minimum is None else minimum.kind
        rows = costs.export_rows(result, workers_source=workers_source, wage_source=wage_source)
        name = f"biaya-perlindungan-{region.code}-{result.simulation.year}.{export}"
        if export == "csv":
            response = HttpResponse(costs.rows_as_csv(rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(costs.rows_as_xlsx(rows), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "web/cost_to_cover.html",
        {
            "region": region,
            "form": form,
            "result": result,
            "known": known,
            "minimum": minimum,
            "minimum_explanation": None if minimum is None else shown(minimum.explanation),
            "risk_label": (
                RiskClass(result.simulation.risk_class).label
                if result is not None and result.simulation.risk_class
                else None
            ),
            "typed_workers": bool(typed_workers),
            "typed_wage": bool(typed_wage),
            "export_query": urlencode(
                {key: request.GET.getlist(key) for key in request.GET if key != "export"},
                doseq=True,
            ),
        },
    )
