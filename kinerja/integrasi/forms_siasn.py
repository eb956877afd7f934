"""Forms of the SIASN pages: Sinkro Profil SIASN (take SIASN's unit?) and Kirim ke SIASN (which year)."""

import datetime

from django import forms

from kinerja.core.forms import Form


class ProfilSiasnForm(Form):
    pakai_unit_siasn = forms.BooleanField(
        label="Gunakan unit kerja SIASN sebagai unit kerja e-Kinerja",
        required=False,
        help_text="Biarkan tidak dicentang agar unit kerja e-Kinerja (sesuai atasan langsung yang menilai) tetap dipakai.",
    )


def tahun_choices() -> list[tuple[int, int]]:
    now = datetime.date.today().year
    return [(t, t) for t in range(now, 2021, -1)]


class KirimSiasnForm(Form):
    tahun = forms.TypedChoiceField(
        label="Tahun penilaian",
        coerce=int,
        choices=tahun_choices,
        error_messages={
            "required": "Pilih tahun penilaian.",
            "invalid_choice": "Pilih tahun penilaian yang valid.",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"tahun": datetime.date.today().year - 1})
        super().__init__(*args, **kwargs)
