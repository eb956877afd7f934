"""Forms of Daftar SKP: Tambah Periode SKP, Edit (dates), Mutasi."""

from django import forms

from kinerja.core.forms import Form
from kinerja.org.forms import UnitChoiceField
from kinerja.org.models import Jabatan, Pegawai, PenugasanPlt, UnitKerja

from .models import Pendekatan, StatusPegawai

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Tanggal wajib diisi.", "invalid": "Tanggal tidak valid."}


class PenugasanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PenugasanPlt) -> str:
        selesai = obj.tanggal_selesai.strftime("%d-%m-%Y") if obj.tanggal_selesai else "sekarang"
        return f"{obj.jenis} {obj.unit_kerja.nama} ({obj.tanggal_mulai:%d-%m-%Y} s.d. {selesai})"


class PeriodeForm(Form):
    periode_awal = forms.DateField(label="Periode Awal", widget=DATE, error_messages=DATE_ERRORS)
    periode_akhir = forms.DateField(label="Periode Akhir", widget=DATE, error_messages=DATE_ERRORS)


class TambahSkpForm(PeriodeForm):
    pendekatan = forms.ChoiceField(
        label="Pendekatan", choices=Pendekatan.choices, initial=Pendekatan.KUANTITATIF
    )
    status_pegawai = forms.ChoiceField(
        label="Status Pegawai",
        choices=StatusPegawai.choices,
        initial=StatusPegawai.DEFINITIF,
        help_text="Pilih PLT bila Anda membuat SKP sebagai PLT/PLH untuk menilai bawahan di unit kerja PLT/PLH.",
    )
    penugasan_plt = PenugasanChoiceField(
        label="Penugasan PLT / PLH",
        queryset=PenugasanPlt.objects.none(),
        required=False,
        empty_label="- pilih bila status pegawai PLT -",
    )

    def __init__(self, *args, pegawai: Pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penugasan_plt"].queryset = PenugasanPlt.objects.filter(pegawai=pegawai).select_related(
            "unit_kerja"
        )


class MutasiForm(Form):
    tmt = forms.DateField(
        label="TMT Jabatan / Unit Kerja Baru",
        widget=DATE,
        error_messages=DATE_ERRORS,
        help_text="Sesuai SK. Periode SKP lama berakhir sehari sebelum TMT.",
    )
    unit_kerja = UnitChoiceField(
        label="Unit Kerja Baru",
        error_messages={
            "required": "Unit kerja wajib dipilih.",
            "invalid_choice": "Pilih unit kerja dari daftar yang ditampilkan.",
        },
    )
    jabatan = forms.ModelChoiceField(
        label="Jabatan Baru",
        queryset=Jabatan.objects.all(),
        widget=forms.Select(attrs={"data-tom": ""}),
        error_messages={"required": "Jabatan wajib dipilih.", "invalid_choice": "Pilih jabatan dari daftar."},
    )
    pendekatan = forms.ChoiceField(label="Pendekatan SKP Baru", choices=Pendekatan.choices)
    salin_rhk = forms.BooleanField(
        label="Salin RHK dan indikator dari SKP lama", required=False, initial=True
    )

    def __init__(self, *args, pegawai: Pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(instansi_id=pegawai.instansi_id)
