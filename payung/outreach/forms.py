"""Forms of the outreach pages; validation beyond types is the services' job."""

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.core.forms import DateField

from .models import ActivityKind, AgreementKind, Group


class ActivityForm(forms.Form):
    group = forms.ChoiceField(label=_("Kelompok"), choices=Group.choices, initial=Group.NON_ASN)
    date = DateField(label=_("Tanggal"))
    kind = forms.ChoiceField(label=_("Jenis"), choices=ActivityKind.choices)
    people_met = forms.CharField(
        label=_("Yang ditemui dan instansinya"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attendance = forms.IntegerField(label=_("Jumlah hadir"), required=False, min_value=0)
    notes = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.FileField(label=_("Lampiran"), required=False)
    next_step = forms.CharField(label=_("Langkah lanjut"), required=False, max_length=300)
    due = DateField(label=_("Tenggat"), required=False)


class AgreementForm(forms.Form):
    group = forms.ChoiceField(label=_("Kelompok"), choices=Group.choices, initial=Group.NON_ASN)
    kind = forms.ChoiceField(label=_("Jenis"), choices=AgreementKind.choices)
    number = forms.CharField(label=_("Nomor"), required=False, max_length=120)
    parties = forms.CharField(label=_("Para pihak"), widget=forms.Textarea(attrs={"rows": 2}))
    signed_on = DateField(label=_("Tanggal tanda tangan"))
    programs = forms.CharField(label=_("Program"), initial="jkk,jkm", max_length=20)
    workers_planned = forms.IntegerField(label=_("Pekerja yang direncanakan"), min_value=0)
    contribution_per_person = forms.DecimalField(
        label=_("Iuran per orang per bulan (Rp)"), required=False, min_value=0, decimal_places=0
    )
    budget_year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2015, max_value=2100)
    expires_on = DateField(label=_("Berlaku sampai"), required=False)
    document = forms.FileField(label=_("Dokumen bertanda tangan"), required=False)
    notes = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    create_employer = forms.BooleanField(
        label=_("Daftarkan juga pemerintah wilayah ini sebagai pemberi kerja"), required=False
    )
    employer_npp = forms.CharField(label=_("NPP pemberi kerja (jika sudah ada)"), required=False)


class TargetForm(forms.Form):
    group = forms.ChoiceField(label=_("Kelompok"), choices=Group.choices, initial=Group.NON_ASN)
    head_count = forms.IntegerField(label=_("Perkiraan jumlah"), min_value=0)
    covered_threshold = forms.IntegerField(
        label=_("Ambang terlindungi (kosong = sama dengan perkiraan)"), required=False, min_value=1
    )
    source = forms.CharField(label=_("Sumber"), max_length=300)
    as_of = DateField(label=_("Per tanggal"))
