"""Forms of Buka Kembali Periode per Unit Kerja: the scope (GET, as on the Dashboard) and the reopening (POST)."""

from __future__ import annotations

from django import forms

from .forms_admin import BukaKembaliForm, ScopeForm

SAMPAI_HELP = "Hari terakhir pegawai pada unit kerja ini dapat mengisi kembali periode ini."


class BukaUnitScopeForm(ScopeForm):
    """Instansi (admin nasional), Tahun, Periode, Unit Kerja and whether its sub-units are included."""

    sub_unit = forms.BooleanField(label="Termasuk sub unit", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].empty_label = None
        self.fields["unit"].help_text = "Periode penilaian seluruh pegawai yang SKP-nya di unit kerja ini."


class BukaUnitForm(BukaKembaliForm):
    """Dibuka sampai and Alasan, with the messages of the single Buka Kembali."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sampai"].help_text = SAMPAI_HELP
