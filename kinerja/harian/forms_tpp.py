"""Forms of the Pengaturan Kinerja Harian page and the Rekap TPP Bulanan filter."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from kinerja.core.forms import Form
from kinerja.org.forms import UnitChoiceField
from kinerja.org.models import Instansi
from kinerja.org.selectors.scope import instansi_for_admin, units_for_admin
from kinerja.org.views.common import search_url

from . import rules
from .models import PengaturanHarian, RumusTpp

BULAN_CHOICES = [(str(i), nama) for i, nama in enumerate(rules.BULAN, start=1)]


def _int(label: str, low: int, high: int, help_text: str = "") -> forms.IntegerField:
    pesan = f"Isi angka antara {low} dan {high}."
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages={"required": "Wajib diisi.", "invalid": pesan, "min_value": pesan, "max_value": pesan},
    )


class PengaturanForm(Form):
    aktif = forms.BooleanField(label="Aktifkan kinerja bulanan dan harian untuk instansi ini", required=False)
    hari_mundur = _int(
        "Batas hari mundur pengisian CKHP",
        0,
        366,
        "Berapa hari setelah tanggal kegiatan catatan kinerja harian masih boleh diisi.",
    )
    realisasi_bulanan_diubah = forms.BooleanField(
        label="Realisasi bulanan boleh diubah manual (menggantikan jumlah catatan harian yang disetujui)",
        required=False,
    )
    rumus_tpp = forms.ChoiceField(
        label="Rumus nilai kinerja bulanan (TPP)",
        choices=RumusTpp.choices,
        error_messages={"invalid_choice": "Pilih rumus dari daftar."},
    )
    batas_capaian = _int(
        "Batas capaian per indikator (%)", 1, 200, "Capaian satu indikator dibatasi nilai ini."
    )
    bobot_utama = _int(
        "Bobot kinerja utama (%)", 0, 100, "Hanya untuk rumus terbobot; kinerja tambahan mendapat sisanya."
    )

    @classmethod
    def untuk(cls, row: PengaturanHarian, data=None):
        initial = {name: getattr(row, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class PilihInstansiForm(Form):
    instansi = forms.ModelChoiceField(
        label="Instansi",
        queryset=Instansi.objects.none(),
        empty_label="Pilih instansi",
        error_messages={"invalid_choice": "Pilih instansi dari daftar yang ditampilkan."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = instansi_for_admin(user)


class TppFilterForm(Form):
    tahun = forms.IntegerField(
        label="Tahun",
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Tahun tidak valid.",
            "min_value": "Tahun tidak valid.",
            "max_value": "Tahun tidak valid.",
        },
    )
    bulan = forms.TypedChoiceField(
        label="Bulan",
        choices=BULAN_CHOICES,
        coerce=int,
        error_messages={"invalid_choice": "Pilih bulan dari daftar."},
    )
    q = forms.CharField(label="Cari NIP / Nama", required=False, max_length=150)
    unit = UnitChoiceField(
        label="Unit Kerja",
        required=False,
        error_messages={"invalid_choice": "Pilih unit kerja dari daftar yang ditampilkan."},
    )
    sub_unit = forms.BooleanField(label="Termasuk sub unit kerja", required=False)

    def __init__(self, *args, user, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_admin(user).filter(instansi=instansi)
        self.fields["unit"].widget.attrs["data-url"] = search_url("org:unit_search", instansi.pk)
        self.fields["q"].widget.attrs["placeholder"] = "NIP atau nama"

    def filters(self) -> dict:
        """The valid filters; year and month fall back to the previous month when missing or invalid."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "", False)}
        bawaan = bulan_bawaan()
        data.setdefault("tahun", bawaan[0])
        data.setdefault("bulan", bawaan[1])
        return data


def bulan_bawaan() -> tuple[int, int]:
    """The month an admin most likely wants: the previous one."""
    today = timezone.localdate()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


class TahunForm(Form):
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
