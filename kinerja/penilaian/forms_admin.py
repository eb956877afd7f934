"""Forms of the admin's assessment pages. They only type the input; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from kinerja.core.forms import Form
from kinerja.org.forms import UnitChoiceField
from kinerja.org.models import Instansi
from kinerja.org.selectors.scope import instansi_for_admin, units_for_admin
from kinerja.org.views.common import search_url

from .models import JenisPeriode, KeputusanKeberatan, PeriodePenilaian, StatusKeberatan, TipePeriodik
from .selectors import admin as selectors

MMDD_HELP = "{} diisi dalam format mm-dd (Ex. 31 Desember menjadi 12-31)."
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _mmdd(label: str, nama: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=5,
        help_text=MMDD_HELP.format(nama),
        error_messages={"required": f"{nama} wajib diisi.", "max_length": MMDD_HELP.format(nama)},
        widget=forms.TextInput(attrs={"placeholder": "mm-dd", "inputmode": "numeric", "autocomplete": "off"}),
    )


class PeriodeForm(Form):
    nama = forms.CharField(label="NAMA", max_length=100, error_messages={"required": "Nama wajib diisi."})
    jenis = forms.ChoiceField(
        label="JENIS PERIODE",
        choices=JenisPeriode.choices,
        error_messages={
            "required": "Jenis periode wajib dipilih.",
            "invalid_choice": "Pilih Periodik atau Final.",
        },
    )
    tipe_periodik = forms.ChoiceField(
        label="TIPE PERIODIK",
        choices=[("", "---------"), *TipePeriodik.choices],
        required=False,
        help_text="Hanya untuk periode Periodik. Satu instansi hanya boleh memakai satu tipe periodik.",
        error_messages={"invalid_choice": "Pilih Bulanan atau Triwulanan."},
    )
    angka_periodik = forms.IntegerField(
        label="ANGKA PERIODIK",
        required=False,
        help_text="Bulanan 1–12 (Periode I–XII), Triwulanan 1–4 (Triwulan I–IV). Kosongkan untuk periode Final.",
        error_messages={"invalid": "Angka periodik harus berupa angka."},
    )
    awal = _mmdd("PERIODE AWAL", "Periode Awal")
    akhir = _mmdd("PERIODE AKHIR", "Periode Akhir")
    batas = _mmdd("BATAS PENGISIAN", "Batas Pengisian")
    tahun = forms.IntegerField(
        label="TAHUN (OPSIONAL)",
        required=False,
        help_text="Kosongkan jika periode ini berlaku untuk semua tahun",
        error_messages={"invalid": "Tahun harus berupa angka."},
    )

    @classmethod
    def from_periode(cls, periode: PeriodePenilaian, data=None) -> PeriodeForm:
        initial = {name: getattr(periode, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class GenerateForm(Form):
    tipe = forms.ChoiceField(
        label="Tipe Periodik",
        choices=[
            (TipePeriodik.TRIWULANAN, "Triwulan I–IV + Final"),
            (TipePeriodik.BULANAN, "Periode I–XII + Final"),
        ],
        error_messages={"required": "Tipe periodik wajib dipilih.", "invalid_choice": "Pilih tipe periodik."},
    )
    tahun = forms.IntegerField(
        label="Tahun",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Tahun wajib diisi.",
            "invalid": "Tahun harus berupa angka.",
            "min_value": "Tahun harus antara 2000 dan 2100.",
            "max_value": "Tahun harus antara 2000 dan 2100.",
        },
    )


def tahun_choices() -> list[tuple[str, str]]:
    now = timezone.localdate().year
    return [(str(y), str(y)) for y in range(now + 1, now - 5, -1)]


class ScopeForm(Form):
    """GET filters shared by the admin pages: instansi (national admin only), tahun, periode, unit kerja.

    `filters()` gives the valid ones; an invalid value (another instansi's unit, a period of another year) is
    dropped, never an error page."""

    instansi = forms.ModelChoiceField(
        label="Instansi", queryset=Instansi.objects.none(), required=False, empty_label="Pilih instansi..."
    )
    tahun = forms.TypedChoiceField(label="Tahun", coerce=int, required=False)
    periode = forms.ModelChoiceField(
        label="Periode", queryset=PeriodePenilaian.objects.none(), required=False, empty_label="Semua periode"
    )
    unit = UnitChoiceField(label="Unit Kerja", required=False, help_text="Termasuk sub unit kerjanya.")

    def __init__(self, data, *, user, instansi: Instansi | None, tahun: int, **kwargs):
        super().__init__(data, **kwargs)
        if user.is_admin_nasional:
            self.fields["instansi"].queryset = instansi_for_admin(user)
            self.fields["instansi"].widget.attrs["data-tom"] = ""
        else:
            del self.fields["instansi"]
        self.fields["tahun"].choices = tahun_choices()
        if str(tahun) not in dict(self.fields["tahun"].choices):
            self.fields["tahun"].choices.insert(0, (str(tahun), str(tahun)))
        periods = selectors.periode_for_admin(user)
        self.fields["periode"].queryset = (
            periods.filter(pk__in=selectors.periode_for_year(instansi.pk, tahun))
            if instansi
            else periods.none()
        )
        self.fields["unit"].queryset = (
            units_for_admin(user).filter(instansi=instansi) if instansi else (units_for_admin(user))
        )
        self.fields["unit"].widget.attrs["data-url"] = search_url(
            "org:unit_search", instansi.pk if instansi else None
        )

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "", False)}


class ReviewFilterForm(ScopeForm):
    status = forms.ChoiceField(label="Status Review", choices=selectors.REVIEW_STATUS, required=False)


class KeberatanFilterForm(ScopeForm):
    status = forms.ChoiceField(
        label="Status", choices=[("", "Semua"), *StatusKeberatan.choices], required=False
    )
    keputusan = forms.ChoiceField(
        label="Keputusan", choices=[("", "Semua"), *KeputusanKeberatan.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["periode"]
        del self.fields["unit"]
        self.fields["tahun"].choices = [("", "Semua tahun"), *self.fields["tahun"].choices]


class CapaianFilterForm(ScopeForm):
    q = forms.CharField(label="Cari unit kerja", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["unit"]
        self.fields["periode"].empty_label = None


class BukaKembaliForm(Form):
    sampai = forms.DateField(
        label="Dibuka Sampai",
        widget=DATE_WIDGET,
        help_text="Hari terakhir pegawai dapat mengisi kembali periode ini.",
        error_messages={"required": "Tanggal wajib diisi.", "invalid": "Tanggal tidak valid."},
    )
    alasan = forms.CharField(
        label="Alasan",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Alasan membuka kembali wajib diisi."},
    )


class ReviewForm(Form):
    catatan = forms.CharField(
        label="Catatan untuk Pejabat Penilai",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Wajib diisi bila dikembalikan ke pejabat penilai.",
    )


class NasionalForm(Form):
    """GET filters of the Dashboard Nasional; an invalid value falls back to the default, never an error page."""

    tahun = forms.TypedChoiceField(label="Tahun", coerce=int, required=False)
    q = forms.CharField(label="Cari instansi", required=False, max_length=100)
    urutan = forms.ChoiceField(label="Urutkan", required=False, choices=())

    def __init__(self, data, *, tahun: int, urutan: dict[str, str], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["tahun"].choices = tahun_choices()
        if str(tahun) not in dict(self.fields["tahun"].choices):
            self.fields["tahun"].choices.insert(0, (str(tahun), str(tahun)))
        self.fields["urutan"].choices = list(urutan.items())

    def filters(self, default_tahun: int) -> dict:
        data = {"tahun": default_tahun, "q": "", "urutan": "nama"}
        if not self.is_bound:
            return data
        if self.is_valid():
            data.update({k: v for k, v in self.cleaned_data.items() if v not in (None, "")})
        else:
            for name in ("tahun", "q", "urutan"):
                if name not in self.errors and self.cleaned_data.get(name) not in (None, ""):
                    data[name] = self.cleaned_data[name]
        return data
