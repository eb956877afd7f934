"""Forms of the Profil pages."""

from django import forms
from django.urls import reverse_lazy

from kinerja.core.forms import Form, RemoteSelect

from . import reference, selectors
from .models import Jabatan, Pegawai, UnitKerja


def unit_label(unit: UnitKerja) -> str:
    """As `org:unit_search` labels a unit."""
    return f"{unit.nama} — ID: {unit.id_unor}"


class UnitChoiceField(forms.ModelChoiceField):
    """A unit kerja chosen by remote search (tom-select on `org:unit_search`); set `queryset` in the form."""

    def __init__(self, *, placeholder: str = "Ketik nama atau ID unit kerja...", **kwargs):
        kwargs.setdefault("queryset", UnitKerja.objects.none())
        kwargs.setdefault(
            "widget", RemoteSelect(url=reverse_lazy("org:unit_search"), placeholder=placeholder)
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj: UnitKerja) -> str:
        return unit_label(obj)


class ProfilForm(Form):
    induk = UnitChoiceField(
        label="Filter Unit Kerja Induk (opsional)",
        widget=forms.Select(),
        required=False,
        empty_label="Semua unit kerja di instansi",
        help_text="Filter ini bukan untuk mengganti Unor Induk pegawai, tetapi membantu memperinci pencarian "
        "Unit Kerja. Kosongkan untuk mencari di semua unor instansi Anda. Unor yang tampil hanya Unit Kerja "
        "JPT / Mandiri.",
    )
    unit_kerja = UnitChoiceField(
        label="Unit Kerja",
        widget=RemoteSelect(
            url=reverse_lazy("org:unit_search"),
            placeholder="Ketik nama unit kerja...",
            attrs={"data-filter-from": "#id_induk", "data-empty": "Tidak ada unit kerja yang cocok."},
        ),
        error_messages={
            "required": "Unit kerja wajib dipilih.",
            "invalid_choice": "Pilih unit kerja dari daftar yang ditampilkan.",
        },
    )
    jabatan = forms.ModelChoiceField(
        label="Jabatan",
        queryset=Jabatan.objects.all(),
        widget=forms.Select(attrs={"data-tom": ""}),
        error_messages={"required": "Jabatan wajib dipilih.", "invalid_choice": "Pilih jabatan dari daftar."},
    )
    golongan = forms.ChoiceField(
        label="Golongan Ruang", error_messages={"required": "Golongan wajib dipilih."}
    )

    def __init__(self, *args, pegawai: Pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["induk"].queryset = selectors.unit_induk_choices(pegawai.instansi_id)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(instansi_id=pegawai.instansi_id)
        self.fields["golongan"].choices = [("", "---------"), *reference.golongan_choices(pegawai.jenis_asn)]
