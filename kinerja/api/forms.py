"""The admin's form to create an API key."""

from django import forms

from kinerja.core.forms import Form

from .models import Akses


class ApiKeyForm(Form):
    nama = forms.CharField(
        label="Nama Sistem",
        max_length=120,
        help_text="Sistem yang memakai key ini, mis. Aplikasi TPP atau SIMPEG daerah.",
        error_messages={
            "required": "Nama sistem wajib diisi.",
            "max_length": "Nama sistem paling banyak 120 karakter.",
        },
    )
    akses = forms.ChoiceField(
        label="Akses",
        choices=Akses.choices,
        initial=Akses.BACA,
        help_text="Baca saja: hanya mengambil data. Baca dan tulis: juga mengubah data lewat API.",
        error_messages={
            "required": "Pilih akses.",
            "invalid_choice": "Pilih akses: baca saja atau baca dan tulis.",
        },
    )

    def clean_nama(self):
        nama = self.cleaned_data["nama"].strip()
        if "\x00" in nama:
            raise forms.ValidationError("Nama sistem memuat karakter yang tidak diizinkan.")
        return nama
