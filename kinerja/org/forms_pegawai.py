"""Forms of Manajemen Pegawai: the list filter and the admin's edit of one employee."""

from __future__ import annotations

from django import forms

from kinerja.core.forms import Form

from . import reference
from .forms import UnitChoiceField
from .models import Instansi, Jabatan, JenisAsn, JenisKelamin, JenisPegawai, Pegawai
from .selectors.pegawai import STATUS_AKTIF, STATUS_NONAKTIF
from .selectors.scope import instansi_for_admin, units_for_admin
from .services.pegawai import pegawai_problems

EMPTY = ("", "Semua")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PegawaiFilterForm(Form):
    q = forms.CharField(label="Cari NIP / Nama", required=False, max_length=150)
    instansi = forms.ModelChoiceField(label="Instansi", queryset=Instansi.objects.none(), required=False,
                                      empty_label="Semua instansi")  # fmt: skip
    unit = UnitChoiceField(label="Unit Kerja", required=False)
    sub_unit = forms.BooleanField(label="Termasuk sub unit kerja", required=False)
    jenis_asn = forms.ChoiceField(label="PNS / PPPK", choices=[EMPTY, *JenisAsn.choices], required=False)
    jenis_pegawai = forms.ChoiceField(
        label="Jenis Pegawai", choices=[EMPTY, *JenisPegawai.choices], required=False
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[EMPTY, (STATUS_AKTIF, "Aktif"), (STATUS_NONAKTIF, "Nonaktif")],
        required=False,
    )

    def __init__(self, *args, user, unit_search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = "NIP atau nama"
        self.fields["unit"].queryset = units_for_admin(user)
        if user.is_admin_nasional:
            self.fields["instansi"].queryset = instansi_for_admin(user)
        else:
            del self.fields["instansi"]
        self.fields["unit"].widget.attrs["data-url"] = unit_search_url

    def filters(self) -> dict:
        """The valid filters as keyword arguments of `pegawai_list`; invalid ones are ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class PegawaiEditForm(Form):
    nama = forms.CharField(label="Nama", max_length=150)
    gelar_depan = forms.CharField(label="Gelar Depan", max_length=40, required=False)
    gelar_belakang = forms.CharField(label="Gelar Belakang", max_length=60, required=False)
    nomor_kartu_asn = forms.CharField(label="Nomor Kartu ASN", max_length=40, required=False)
    tempat_lahir = forms.CharField(label="Tempat Lahir", max_length=100, required=False)
    tanggal_lahir = forms.DateField(label="Tanggal Lahir", widget=DateInput())
    jenis_kelamin = forms.ChoiceField(label="Jenis Kelamin", choices=JenisKelamin.choices)
    jenis_asn = forms.ChoiceField(label="PNS / PPPK", choices=JenisAsn.choices)
    tmt_cpns = forms.DateField(label="TMT CPNS / Pengangkatan", widget=DateInput())
    tmt_pns = forms.DateField(label="TMT PNS", required=False, widget=DateInput(),
                              help_text="Kosongkan untuk PPPK.")  # fmt: skip
    jabatan = forms.ModelChoiceField(label="Jabatan", queryset=Jabatan.objects.all(), required=False)
    tmt_jabatan = forms.DateField(label="TMT Jabatan", required=False, widget=DateInput())
    golongan = forms.ChoiceField(
        label="Golongan Ruang", choices=[("", "---------"), *reference.all_golongan_choices()], required=False
    )
    tmt_golongan = forms.DateField(label="TMT Golongan", required=False, widget=DateInput())
    unit_kerja = UnitChoiceField(label="Unit Kerja")
    diperbantukan_di = forms.CharField(
        label="Diperbantukan di",
        max_length=250,
        required=False,
        help_text="Isi bila pegawai diperbantukan; unit kerja dan pejabat penilai tetap unit definitif.",
    )

    field_order = [
        "nama", "gelar_depan", "gelar_belakang", "nomor_kartu_asn", "tempat_lahir", "tanggal_lahir",
        "jenis_kelamin", "jenis_asn", "tmt_cpns", "tmt_pns", "jabatan", "tmt_jabatan", "golongan",
        "tmt_golongan", "unit_kerja", "diperbantukan_di",
    ]  # fmt: skip

    def __init__(self, *args, pegawai: Pegawai, user, unit_search_url: str = "", **kwargs):
        initial = {name: getattr(pegawai, name) for name in self.field_order}
        initial["jabatan"] = pegawai.jabatan_id
        initial["unit_kerja"] = pegawai.unit_kerja_id
        kwargs.setdefault("initial", initial)
        self.pegawai = pegawai
        super().__init__(*args, **kwargs)
        self.fields["jabatan"].widget.attrs.update(
            {"data-tom": "", "data-placeholder": "Ketik nama jabatan..."}
        )
        self.fields["jabatan"].empty_label = "-- Tanpa jabatan --"
        units = units_for_admin(user).filter(instansi_id=pegawai.instansi_id)
        self.fields["unit_kerja"].queryset = units.filter(aktif=True) | units.filter(pk=pegawai.unit_kerja_id)
        self.fields["unit_kerja"].widget.attrs["data-url"] = unit_search_url
        jenis = self.data.get(self.add_prefix("jenis_asn")) if self.is_bound else pegawai.jenis_asn
        if jenis not in JenisAsn.values:
            jenis = pegawai.jenis_asn
        # Every golongan validates (the service explains a mismatch); only the fitting ones are offered.
        self.fields["golongan"].widget.choices = [("", "---------"), *reference.golongan_choices(jenis)]

    def clean(self):
        data = super().clean()
        problems = pegawai_problems(
            nip=self.pegawai.nip,
            nama=data.get("nama", ""),
            tanggal_lahir=data.get("tanggal_lahir"),
            jenis_kelamin=data.get("jenis_kelamin", ""),
            jenis_asn=data.get("jenis_asn", ""),
            tmt_cpns=data.get("tmt_cpns"),
            tmt_pns=data.get("tmt_pns"),
            golongan=data.get("golongan", ""),
        )
        for field, message in problems:
            if field not in self.errors:  # a field that failed its own check already says why
                self.add_error(field, message)
        return data

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.field_order}
