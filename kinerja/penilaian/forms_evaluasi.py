"""Forms of Pemantauan dan Evaluasi. They shape the page; `services/evaluasi.py` decides and says why not."""

from __future__ import annotations

from django import forms

from kinerja.core.forms import Form
from kinerja.core.konkurensi import VersiField, VersiFormMixin

from . import rules
from .models import Jempol

JEMPOL_CHOICES = [
    ("", "Tanpa jempol"),
    (Jempol.NAIK, "👍 Jempol ke atas"),
    (Jempol.TURUN, "👎 Jempol ke bawah"),
]


class _RadioMixin:
    """Radios are drawn by the template (with guidance beside each option): no form-control class on them."""

    radio_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.radio_fields:
            self.fields[name].widget.attrs["class"] = "form-check-input"


class FeedbackForm(_RadioMixin, Form):
    """Tambah / Edit Feedback: a thumb and/or words (the service refuses when both are empty)."""

    radio_fields = ("jempol",)
    jempol = forms.CharField(label="Jempol", required=False, widget=forms.RadioSelect(choices=JEMPOL_CHOICES))
    teks = forms.CharField(
        label="Feedback",
        required=False,
        max_length=4000,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": "Umpan balik untuk pegawai (boleh dikosongkan bila memilih jempol)",
            }
        ),
    )


class RatingForm(VersiFormMixin, _RadioMixin, Form):
    """Ubah Rating: Dibawah / Sesuai / Diatas Ekspektasi. Any value reaches the service, which refuses others."""

    radio_fields = ("rating",)
    saran_konflik = (
        "Pilihan Anda masih ada di formulir ini: simpan sekali lagi bila tetap ingin menggantinya."
    )
    versi = VersiField()
    rating = forms.CharField(
        label="Rating",
        widget=forms.RadioSelect(choices=list(rules.RATING_LABEL.items())),
        error_messages={"required": "Pilih salah satu rating."},
    )


class PembinaanForm(Form):
    teks = forms.CharField(
        label="Catatan pembinaan",
        max_length=4000,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "Arahan, bimbingan, atau rencana pengembangan"}
        ),
        error_messages={"required": "Catatan pembinaan wajib diisi."},
    )
