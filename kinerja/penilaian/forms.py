"""Forms of the employee's side of the assessment: Tambah Periode Penilaian, Rencana Aksi, Bukti Dukung, Realisasi,
Feedback Perilaku rekan kerja, and Keberatan. The forms shape the page; the services decide and say why not."""

from __future__ import annotations

from django import forms

from kinerja.core.dates import tanggal
from kinerja.core.forms import Form
from kinerja.core.konkurensi import VersiField, VersiFormMixin

from . import rules
from .models import KeputusanKeberatan


def _required(message: str) -> dict:
    return {"required": message}


def _text(label: str, message: str, rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), error_messages=_required(message), **kwargs
    )


class TambahPeriodeForm(Form):
    periode = forms.TypedChoiceField(
        label="Periode Penilaian", coerce=int, error_messages=_required("Pilih periode penilaian.")
    )

    def __init__(self, *args, pilihan: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [("", "- Pilih periode penilaian -")] + [
            (periode.pk, f"{periode.nama} ({tanggal(awal)} s/d {tanggal(akhir)})")
            for periode, awal, akhir in pilihan
        ]


class RencanaAksiForm(Form):
    teks = _text("Rencana Aksi", "Rencana aksi wajib diisi.")
    target = forms.CharField(
        label="Target",
        required=False,
        max_length=200,
        help_text="Target rencana aksi pada periode ini, mis. 3 laporan.",
    )


class BuktiDukungForm(Form):
    nama = forms.CharField(
        label="Nama Bukti Dukung", max_length=250, error_messages=_required("Nama bukti dukung wajib diisi.")
    )
    link = forms.CharField(
        label="Bukti Dukung (Link ke File Google Drive/Dropbox/etc)",
        max_length=1000,
        error_messages=_required("Link bukti dukung wajib diisi."),
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
        help_text="Alamat lengkap berkas yang dapat dibuka pejabat penilai, diawali https:// atau http://.",
    )


class RealisasiForm(VersiFormMixin, Form):
    saran_konflik = "Isian Anda masih ada di formulir ini: simpan sekali lagi bila tetap ingin menggantinya."
    versi = VersiField()
    realisasi = _text(
        "Realisasi", "Realisasi wajib diisi.", rows=2, help_text="Contoh: 98%, 12 laporan, 12 bulan."
    )
    sumber_data = forms.CharField(
        label="Sumber Data",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Dari mana angka realisasi berasal, mis. rekap pemenuhan formasi jabatan.",
    )


class CariRekanForm(Form):
    nip = forms.CharField(
        label="NIP Pegawai",
        max_length=18,
        error_messages=_required("NIP pegawai wajib diisi."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class FeedbackRekanForm(Form):
    teks = _text("Feedback", "Feedback wajib diisi.", max_length=2000)


class KeberatanForm(VersiFormMixin, Form):
    versi = VersiField()
    alasan = _text(
        "Alasan Keberatan",
        "Alasan keberatan wajib diisi.",
        rows=5,
        help_text="Uraikan alasan keberatan atas predikat kinerja Anda beserta bukti pendukungnya.",
    )


RATING_CHOICES = [("", "- Tidak diubah -")] + list(rules.RATING_LABEL.items())


class PutusKeberatanForm(Form):
    catatan_pemeriksaan = _text(
        "Catatan Pemeriksaan",
        "Catatan pemeriksaan wajib diisi.",
        rows=4,
        help_text="Hasil mendengar keterangan pegawai yang dinilai dan pejabat penilai kinerja.",
    )
    keputusan = forms.ChoiceField(
        label="Keputusan",
        choices=KeputusanKeberatan.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Pilih keputusan."),
    )
    rating_hasil_kerja_baru = forms.ChoiceField(
        label="Rating Hasil Kerja Baru", choices=RATING_CHOICES, required=False
    )
    rating_perilaku_baru = forms.ChoiceField(
        label="Rating Perilaku Kerja Baru", choices=RATING_CHOICES, required=False
    )
    alasan = _text("Alasan Keputusan", "Alasan keputusan wajib diisi.", rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keputusan"].widget.attrs["class"] = "form-check-input"
