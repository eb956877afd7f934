"""Forms of the CKHP pages: an entry (+ Kinerja Utama / + Kinerja Tambahan / Ubah), the filters, and the
assessor's return note. Every rule is checked again by the services."""

from __future__ import annotations

from django import forms

from kinerja.core.forms import Form

from . import rules


class IndikatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        satuan = f" ({obj.target_satuan})" if obj.target_satuan else ""
        return f"{obj.rhk.teks[:70]} — {obj.teks}{satuan}"


class CatatanForm(Form):
    indikator = IndikatorChoiceField(
        queryset=None, label="Indikator Kinerja Individu", empty_label="-- Pilih indikator --"
    )
    tanggal = forms.DateField(
        label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    uraian = forms.CharField(
        label="Uraian", max_length=2000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000})
    )
    realisasi = forms.DecimalField(
        label="Realisasi",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,  # 1,5 as well as 1.5
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    bukti_link = forms.CharField(
        label="Link bukti",
        required=False,
        max_length=1000,
        help_text="Opsional: alamat http:// atau https://, mis. tautan Google Drive.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    def __init__(self, *args, indikator_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].queryset = indikator_qs


class BulanForm(Form):
    """Month and year filter (the page falls back to its defaults on bad input)."""

    bulan = forms.TypedChoiceField(
        label="Bulan", coerce=int, choices=[(i, nama) for i, nama in enumerate(rules.BULAN, start=1)]
    )
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)


class BawahanFilterForm(BulanForm):
    STATUS = [
        (rules.PERIKSA, "Periksa"),
        (rules.SETUJU, "Setuju"),
        (rules.DIKEMBALIKAN, "Dikembalikan"),
        ("", "Semua status"),
    ]
    status = forms.ChoiceField(label="Status", choices=STATUS, required=False)
    pegawai = forms.IntegerField(
        label="Pegawai", required=False, min_value=1, max_value=2**63 - 1
    )  # a select built from the counts


class KembalikanForm(Form):
    catatan = forms.CharField(
        label="Catatan pengembalian",
        required=False,  # required only for Kembalikan: the service says so next to the field
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
    )
