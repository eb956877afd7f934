"""Forms of Detail SKP: RHK, indicators, Ekspektasi Pimpinan, Lampiran SKP and the assessor's Edit Status.

The forms shape the page; the services in `services/` decide what is allowed and say why not.
"""

from __future__ import annotations

from django import forms

from kinerja.core.dates import rentang
from kinerja.core.forms import Form
from kinerja.core.konkurensi import VersiField, VersiFormMixin

from . import rules
from .models import Aspek, Indikator, JenisLampiran, JenisRhk, Klasifikasi, Perspektif, Rhk, Skp
from .services.rhk import rhk_atasan_choices


def _required(message: str) -> dict:
    return {"required": message}


def target_text(value) -> str:
    """A target as Indonesians type it: 12,5 rather than 12.50."""
    if value is None:
        return ""
    return format(value.normalize(), "f").replace(".", ",")


class RhkAtasanField(forms.ChoiceField):
    """Renders the assessor's RHK grouped by SKP; accepts any id so that the service explains a refusal."""

    def valid_value(self, value) -> bool:
        return str(value).isdecimal() and len(str(value)) <= 18

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        rhk = Rhk.objects.filter(pk=int(value)).first()
        if rhk is None:
            raise forms.ValidationError(
                "RHK atasan yang dipilih tidak ditemukan. Pilih RHK atasan yang lain."
            )
        return rhk


def rhk_atasan_groups(skp: Skp) -> list:
    """Choices for the select: one group per SKP of the assessor (or of a leader with this SKP in a matriks)."""
    groups: dict[int, tuple[str, list]] = {}
    for rhk in rhk_atasan_choices(skp):
        s = rhk.skp
        plt = " (PLT)" if s.status_pegawai == rules.PLT else ""
        label = f"SKP {s.pegawai_nama}{plt} · {rentang(s.periode_awal, s.periode_akhir)}"
        groups.setdefault(s.pk, (label, []))[1].append((rhk.pk, f"[{rhk.get_jenis_display()}] {rhk.teks}"))
    return [("", "- Pilih RHK atasan yang diintervensi -"), *groups.values()]


class RhkForm(Form):
    """Tambah / Edit RHK. JPT: klasifikasi, jenis, teks, penugasan dari. JA/JF: jenis, klasifikasi, teks, RHK atasan."""

    klasifikasi = forms.ChoiceField(label="Klasifikasi RHK", choices=Klasifikasi.choices)
    jenis = forms.ChoiceField(label="Jenis RHK", choices=JenisRhk.choices)
    teks = forms.CharField(
        label="Rencana Hasil Kerja",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Rencana Hasil Kerja wajib diisi."),
    )
    penugasan_dari = forms.CharField(
        label="Penugasan dari",
        required=False,
        max_length=250,
        help_text="Pejabat / unit yang memberi penugasan, mis. Bupati atau Sekretaris Daerah.",
    )
    rhk_atasan = RhkAtasanField(
        label="Rencana Hasil Kerja Atasan yang Diintervensi",
        error_messages=_required("Pilih RHK atasan yang diintervensi."),
        help_text="Daftar RHK dari SKP pejabat penilai Anda yang periodenya mencakup periode SKP ini.",
    )

    def __init__(self, *args, skp: Skp, rhk: Rhk | None = None, **kwargs):
        if rhk is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "klasifikasi": rhk.klasifikasi,
                "jenis": rhk.jenis,
                "teks": rhk.teks,
                "penugasan_dari": rhk.penugasan_dari,
                "rhk_atasan": rhk.rhk_atasan_id or "",
            }
        super().__init__(*args, **kwargs)
        self.skp = skp
        self.tanpa_rhk_atasan = False
        if skp.is_jpt:
            del self.fields["rhk_atasan"]
            self.order_fields(["klasifikasi", "jenis", "teks", "penugasan_dari"])
        else:
            del self.fields["penugasan_dari"]
            choices = rhk_atasan_groups(skp)
            self.fields["rhk_atasan"].choices = choices
            self.fields["rhk_atasan"].widget.attrs["data-tom"] = ""
            self.tanpa_rhk_atasan = len(choices) == 1
            self.order_fields(["jenis", "klasifikasi", "teks", "rhk_atasan"])

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "jenis": data["jenis"],
            "klasifikasi": data["klasifikasi"],
            "teks": data["teks"],
            "penugasan_dari": data.get("penugasan_dari", ""),
            "rhk_atasan": data.get("rhk_atasan"),
        }


class IndikatorForm(Form):
    """Tambah / Edit Indikator. JPT: indikator, target, perspektif. JA/JF: aspek, IKI, target + satuan.

    Kualitatif: only the indicator text (and aspek for JA/JF).
    """

    aspek = forms.ChoiceField(
        label="Aspek",
        choices=[("", "- Pilih Aspek -"), *Aspek.choices],
        error_messages=_required("Pilih aspek: Kuantitas, Kualitas, Waktu atau Biaya."),
    )
    teks = forms.CharField(
        label="Indikator Kinerja Individu",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required("Indikator kinerja individu wajib diisi."),
    )
    target_nilai = forms.DecimalField(
        label="Target",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": "Target wajib diisi untuk SKP kuantitatif.",
            "invalid": "Target harus berupa angka, mis. 12 atau 92,5.",
        },
    )
    target_satuan = forms.CharField(
        label="Satuan",
        max_length=60,
        help_text="Mis. Laporan, Dokumen, Kegiatan, Bulan, %.",
        error_messages=_required("Satuan target wajib diisi (mis. Laporan, Dokumen, Bulan, %)."),
    )
    perspektif = forms.ChoiceField(
        label="Perspektif",
        choices=[("", "- Pilih Perspektif -"), *Perspektif.choices],
        error_messages=_required("Pilih perspektif indikator."),
    )

    def __init__(self, *args, skp: Skp, indikator: Indikator | None = None, **kwargs):
        if indikator is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "aspek": indikator.aspek,
                "teks": indikator.teks,
                "target_nilai": target_text(indikator.target_nilai),
                "target_satuan": indikator.target_satuan,
                "perspektif": indikator.perspektif,
            }
        super().__init__(*args, **kwargs)
        keep = ["teks"]
        if not skp.is_jpt:
            keep.insert(0, "aspek")
        if not skp.is_kualitatif:
            keep += (
                ["target_nilai", "target_satuan", "perspektif"]
                if skp.is_jpt
                else ["target_nilai", "target_satuan"]
            )
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if skp.is_jpt:
            self.fields["teks"].label = "Indikator"
            if "target_satuan" in self.fields:
                self.fields["target_satuan"].required = False
                self.fields["target_satuan"].label = "Satuan (opsional)"

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "teks": data["teks"],
            "aspek": data.get("aspek", ""),
            "target_nilai": data.get("target_nilai"),
            "target_satuan": data.get("target_satuan", ""),
            "perspektif": data.get("perspektif", ""),
        }


class EkspektasiForm(Form):
    teks = forms.CharField(
        label="Ekspektasi Khusus Pimpinan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kosongkan untuk menghapus ekspektasi pada nilai perilaku ini.",
    )


class LampiranForm(Form):
    jenis = forms.ChoiceField(
        label="Jenis Lampiran",
        choices=[("", "- Pilih Jenis Lampiran -"), *JenisLampiran.choices],
        error_messages=_required("Pilih jenis lampiran."),
    )
    teks = forms.CharField(
        label="Uraian",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required("Isi lampiran wajib diisi."),
    )


class UbahStatusForm(VersiFormMixin, Form):
    """The assessor's Edit Status: Persetujuan, or back to Draft with a note for the employee."""

    versi = VersiField()

    status = forms.ChoiceField(
        label="Status",
        choices=[("", "- Pilih Status -"), (rules.PERSETUJUAN, "Persetujuan"), (rules.DRAFT, "Draft")],
        error_messages=_required("Pilih status Persetujuan atau Draft."),
    )
    catatan = forms.CharField(
        label="Catatan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib diisi bila SKP dikembalikan menjadi Draft: apa yang perlu diperbaiki pegawai.",
    )
