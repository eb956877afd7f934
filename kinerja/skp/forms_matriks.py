"""Forms of the Matriks Peran Hasil: Tambah Pegawai (by NIP) and Tambah RHK for a subordinate from a cell."""

from __future__ import annotations

from django import forms

from kinerja.core.dates import rentang
from kinerja.core.forms import Form
from kinerja.org.models import Pegawai

from .models import Aspek, JenisRhk, Klasifikasi, Perspektif, Skp


class CariPegawaiForm(Form):
    """Step 1 of Tambah Pegawai: the NIP, looked up in the leader's instansi."""

    nip = forms.CharField(
        label="NIP Pegawai",
        max_length=18,
        error_messages={"required": "NIP pegawai wajib diisi."},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "18 digit NIP"}
        ),
    )

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.pegawai: Pegawai | None = None

    def clean_nip(self) -> str:
        nip = "".join(self.cleaned_data["nip"].split())
        if not (nip.isdigit() and len(nip) == 18):
            raise forms.ValidationError("NIP terdiri dari 18 digit angka.")
        self.pegawai = (
            Pegawai.objects.select_related("unit_kerja").filter(instansi=self.instansi, nip=nip).first()
        )
        if self.pegawai is None:
            raise forms.ValidationError("Pegawai dengan NIP tersebut tidak ditemukan di instansi Anda.")
        return nip


class SkpAnggotaField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Skp) -> str:
        periode = rentang(obj.periode_awal, obj.periode_akhir)
        return f"{obj.pegawai_nama} (Periode SKP {periode}) — {obj.status}"


class PilihSkpForm(Form):
    """Step 2 of Tambah Pegawai: one of that person's SKPs whose period overlaps the leader's."""

    skp_anggota = SkpAnggotaField(
        label="SKP yang ditambahkan",
        queryset=Skp.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Pilih SKP yang akan ditambahkan.",
            "invalid_choice": "Pilih SKP dari daftar yang ditampilkan.",
        },
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skp_anggota"].queryset = queryset
        self.fields["skp_anggota"].widget.attrs["class"] = "form-check-input"
        if not self.is_bound:
            options = list(queryset[:2])
            if len(options) == 1:  # only one SKP to choose: choose it
                self.initial["skp_anggota"] = options[0].pk


class RhkBawahanForm(Form):
    """Tambah RHK from a Matriks cell: the RHK of the subordinate's SKP, optionally with its first indicator.

    The fields follow the subordinate's SKP: Penugasan dari for JPT; aspek and satuan for JA/JF; perspektif for
    JPT; no target at all for a kualitatif SKP.
    """

    jenis = forms.ChoiceField(
        label="Jenis Rencana Hasil Kerja", choices=JenisRhk.choices, initial=JenisRhk.UTAMA
    )
    klasifikasi = forms.ChoiceField(
        label="Klasifikasi", choices=Klasifikasi.choices, initial=Klasifikasi.INDIVIDU
    )
    teks = forms.CharField(
        label="Rencana Hasil Kerja",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Rencana Hasil Kerja wajib diisi."},
    )
    penugasan_dari = forms.CharField(label="Penugasan dari", max_length=250, required=False)
    indikator_teks = forms.CharField(
        label="Indikator Kinerja Individu",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Opsional. Indikator lain dapat ditambahkan kemudian di Detail SKP.",
    )
    indikator_aspek = forms.ChoiceField(
        label="Aspek", choices=[("", "---------"), *Aspek.choices], required=False
    )
    indikator_target_nilai = forms.DecimalField(
        label="Target",
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={"invalid": "Target harus berupa angka."},
    )
    indikator_target_satuan = forms.CharField(
        label="Satuan", max_length=60, required=False, help_text="Mis. Laporan, Dokumen, Bulan, %."
    )
    indikator_perspektif = forms.ChoiceField(
        label="Perspektif", choices=[("", "---------"), *Perspektif.choices], required=False
    )

    INDIKATOR_FIELDS = (
        "indikator_aspek",
        "indikator_target_nilai",
        "indikator_target_satuan",
        "indikator_perspektif",
    )

    def __init__(self, *args, skp: Skp, **kwargs):
        super().__init__(*args, **kwargs)
        drop = set()
        if skp.is_jpt:
            drop |= {"indikator_aspek", "indikator_target_satuan"}
        else:
            drop |= {"penugasan_dari", "indikator_perspektif"}
        if skp.is_kualitatif:
            drop |= {"indikator_target_nilai", "indikator_target_satuan", "indikator_perspektif"}
        for name in drop:
            del self.fields[name]

    def clean(self):
        data = super().clean()
        filled = [
            name for name in self.INDIKATOR_FIELDS if name in self.fields and data.get(name) not in (None, "")
        ]
        if filled and not data.get("indikator_teks"):
            self.add_error(
                "indikator_teks",
                "Isi Indikator Kinerja Individu, atau kosongkan aspek, target dan perspektif bila belum ada indikator.",
            )
        return data

    @property
    def ada_indikator(self) -> bool:
        return bool(self.cleaned_data.get("indikator_teks"))

    def indikator_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "teks": data["indikator_teks"],
            "aspek": data.get("indikator_aspek", ""),
            "target_nilai": data.get("indikator_target_nilai"),
            "target_satuan": data.get("indikator_target_satuan", ""),
            "perspektif": data.get("indikator_perspektif", ""),
        }
