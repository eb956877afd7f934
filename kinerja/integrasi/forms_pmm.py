"""Forms of Manajemen User PMM and Log Sinkronisasi (admin): Tambah, Hapus, and the list filters."""

from __future__ import annotations

from django import forms

from kinerja.core.forms import Form

from .models import JenisSinkron, Sistem, StatusLog
from .services.pmm_pengguna import ALASAN_HAPUS

BARIS_CHOICES = [("10", "10"), ("25", "25"), ("50", "50"), ("100", "100")]
BARIS_DEFAULT = 25


class PenggunaTambahForm(Form):
    nip = forms.CharField(
        label="NIP",
        max_length=30,
        error_messages={
            "required": "NIP wajib diisi.",
            "max_length": "NIP harus terdiri dari 18 digit angka.",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "18 digit NIP"}
        ),
    )


class PenggunaHapusForm(Form):
    alasan = forms.ChoiceField(
        label="ALASAN",
        choices=[("", "Pilih alasan...")] + ALASAN_HAPUS,
        error_messages={
            "required": "Pilih alasan menghapus User PMM.",
            "invalid_choice": "Pilih alasan menghapus User PMM.",
        },
    )


class _FilterForm(Form):
    """GET filters: never invalid as a whole — a bad value falls back to its default."""

    nip = forms.CharField(label="NIP", required=False, max_length=18)
    nama = forms.CharField(label="Nama", required=False, max_length=100)
    baris = forms.TypedChoiceField(
        label="Jumlah Baris", choices=BARIS_CHOICES, coerce=int, required=False, empty_value=BARIS_DEFAULT
    )

    def __init__(self, data, *args, **kwargs):
        data = data.copy()
        if not data.get("baris"):
            data["baris"] = str(BARIS_DEFAULT)
        super().__init__(data, *args, **kwargs)

    def filters(self) -> dict:
        self.is_valid()
        cleaned = dict(self.cleaned_data)
        for name in self.errors:
            cleaned[name] = None
        cleaned["nip"] = (cleaned.get("nip") or "").strip()
        cleaned["nama"] = (cleaned.get("nama") or "").strip()
        cleaned["baris"] = cleaned.get("baris") or BARIS_DEFAULT
        return cleaned


class PenggunaFilterForm(_FilterForm):
    pass


class LogFilterForm(_FilterForm):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Semua")] + StatusLog.choices)
    sistem = forms.ChoiceField(label="Sistem", required=False, choices=[("", "Semua")] + Sistem.choices)
    jenis = forms.ChoiceField(label="Jenis", required=False, choices=[("", "Semua")] + JenisSinkron.choices)
    terkini = forms.ChoiceField(
        label="Tampilkan",
        required=False,
        choices=[("1", "Hanya percobaan terakhir"), ("0", "Semua percobaan")],
    )

    def __init__(self, data, *args, **kwargs):
        data = data.copy()
        if data.get("terkini") not in ("0", "1"):
            data["terkini"] = "1"
        super().__init__(data, *args, **kwargs)

    def filters(self) -> dict:
        cleaned = super().filters()
        cleaned["terkini"] = cleaned.get("terkini") != "0"
        for name in ("status", "sistem", "jenis"):
            cleaned[name] = cleaned.get(name) or ""
        return cleaned
