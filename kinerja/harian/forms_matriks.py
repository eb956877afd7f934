"""Forms of Tahapan and the Matriks Target Bulanan. The services decide what is allowed and say why not."""

from __future__ import annotations

from django import forms

from kinerja.core.errors import DomainError
from kinerja.core.forms import Form
from kinerja.skp.models import Skp

from . import rules
from .selectors.matriks import Matriks, angka
from .services import target as target_services


class TahapanForm(Form):
    nama = forms.CharField(
        label="Nama Tahapan",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Nama tahapan wajib diisi.",
            "max_length": "Nama tahapan paling banyak 500 karakter.",
        },
    )
    urutan = forms.IntegerField(
        label="Urutan",
        required=False,
        min_value=0,
        max_value=32767,
        help_text="Kosongkan untuk menaruh tahapan di urutan terakhir.",
        error_messages={
            "invalid": "Urutan harus berupa bilangan bulat.",
            "min_value": "Urutan tidak boleh negatif.",
            "max_value": "Urutan paling besar 32767.",
        },
    )
    bulan = forms.TypedChoiceField(label="Bulan Rencana", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, skp: Skp, **kwargs):
        super().__init__(*args, **kwargs)
        months = rules.bulan_dalam_periode(skp.periode_awal, skp.periode_akhir)
        self.fields["bulan"].choices = [("", "- Pilih Bulan -")] + [(b, rules.BULAN[b - 1]) for b in months]
        self.fields["bulan"].error_messages["invalid_choice"] = (
            "Bulan rencana harus berada dalam periode SKP."
        )


class MatriksTargetForm(Form):
    """One field per month of the SKP per indicator (t_<indikator>_<bulan>). Closed months render disabled and
    are not posted; a value posted for them anyway is refused by the service, next to its cell."""

    def __init__(self, *args, matriks: Matriks, **kwargs):
        super().__init__(*args, **kwargs)
        for baris in matriks.baris:
            for sel in baris.sel:
                if not sel.bulan.dalam_skp:
                    continue
                attrs = {
                    "inputmode": "decimal",
                    "class": "form-control form-control-sm text-end",
                    "aria-label": f"Target {sel.bulan.nama} – {baris.indikator.teks[:60]}",
                }
                self.fields[sel.nama] = forms.CharField(
                    required=False,
                    initial=angka(sel.target),
                    disabled=sel.bulan.ditutup,  # shows the stored value; the service refuses a forced change
                    widget=forms.TextInput(attrs=attrs),
                )
                sel.field = self[sel.nama]

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            if name not in self.data or field.disabled:
                continue
            raw = (data.get(name) or "").strip()
            if raw:
                try:
                    target_services.angka(raw, field=name)
                except DomainError as exc:
                    self.add_domain_error(exc)
        return data

    def nilai(self) -> dict[tuple[int, int], str]:
        """The posted cells for the service; cells not posted (closed months are disabled) stay as they are."""
        result = {}
        for name, field in self.fields.items():
            if name in self.data:
                _, indikator_id, bulan = name.split("_")
                value = self.data[name] if field.disabled else self.cleaned_data.get(name, "")
                result[(int(indikator_id), int(bulan))] = value
        return result


class RealisasiBulananForm(Form):
    nilai = forms.CharField(
        label="Realisasi Bulan Ini",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": "Realisasi wajib diisi."},
        help_text="Menggantikan jumlah realisasi catatan kinerja harian yang disetujui pada bulan ini.",
    )

    def clean_nilai(self):
        try:
            return target_services.angka(self.cleaned_data["nilai"], label="Realisasi", field="nilai")
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None
