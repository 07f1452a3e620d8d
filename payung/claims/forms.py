"""Forms of the claims pages; validation beyond types is the services' job."""

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.core.forms import DateField

from .models import (
    AccidentStatus,
    DocumentKind,
    EventType,
    HeirRelation,
    Outcome,
    SchoolLevel,
    TransportMode,
)

LEVEL_CHOICES = [("", _("— tidak disebut —")), *SchoolLevel.choices]


class TimeInput(forms.TimeInput):
    input_type = "time"


class ClaimForm(forms.Form):
    event = forms.ChoiceField(label=_("Peristiwa"), choices=EventType.choices)
    event_date = DateField(label=_("Tanggal peristiwa"))
    event_time = forms.TimeField(label=_("Jam peristiwa"), required=False, widget=TimeInput)
    children = forms.IntegerField(
        label=_("Anak penerima beasiswa"), required=False, min_value=0, max_value=20
    )
    child_1_level = forms.ChoiceField(
        label=_("Tingkat pendidikan anak pertama"), choices=LEVEL_CHOICES, required=False
    )
    child_2_level = forms.ChoiceField(
        label=_("Tingkat pendidikan anak kedua"), choices=LEVEL_CHOICES, required=False
    )
    place = forms.CharField(label=_("Tempat kejadian (JKK)"), required=False, max_length=200)
    activity = forms.CharField(
        label=_("Kegiatan saat kejadian (JKK)"), required=False, max_length=200
    )
    chronology = forms.CharField(
        label=_("Kronologi (JKK)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    witnesses = forms.CharField(label=_("Saksi (JKK)"), required=False, max_length=300)
    injury = forms.CharField(label=_("Cedera (JKK)"), required=False, max_length=200)
    first_facility = forms.CharField(
        label=_("Fasilitas kesehatan pertama (JKK)"), required=False, max_length=200
    )


class HeirForm(forms.Form):
    name = forms.CharField(label=_("Nama ahli waris"), max_length=160)
    relation = forms.ChoiceField(label=_("Hubungan"), choices=HeirRelation.choices)
    nik = forms.CharField(label=_("NIK"), required=False, max_length=16)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices, widget=forms.HiddenInput)
    received_on = DateField(label=_("Diterima"), required=False)


class StageTwoForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Hasil"), choices=Outcome.choices)
    doctor_statement_date = DateField(label=_("Tanggal surat dokter"))
    stmb_months = forms.IntegerField(
        label=_("Bulan STMB"), required=False, min_value=0, max_value=600
    )
    disability_percent = forms.DecimalField(
        label=_("Persentase cacat (tabel)"), required=False, min_value=0, max_value=100
    )
    medical_costs = forms.DecimalField(
        label=_("Biaya pengobatan (Rp)"), required=False, min_value=0
    )
    transport_costs = forms.DecimalField(
        label=_("Biaya pengangkutan (Rp)"), required=False, min_value=0
    )
    transport_mode = forms.ChoiceField(
        label=_("Moda angkutan"), choices=TransportMode.choices, required=False
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(forms.Form):
    paid_on = DateField(label=_("Tanggal bayar"))
    amount = forms.DecimalField(label=_("Jumlah (Rp)"), min_value=0)
    account_name = forms.CharField(label=_("Nama pemilik rekening"), max_length=160)
    account_number = forms.CharField(label=_("Nomor rekening"), max_length=40)
    bank = forms.CharField(label=_("Bank"), required=False, max_length=80)


class AccidentStatusForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan BPJS"), choices=AccidentStatus.choices)
    decided_on = DateField(label=_("Tanggal keputusan"))
    note = forms.CharField(label=_("Nomor surat / catatan"), required=False, max_length=200)
