"""Pages: Angka Kredit (the employee, and whoever may see their outputs), Keluaran Kinerja (the admin's list per
year, Unduh Excel) and Pengaturan Keluaran (the instansi's rating codes and nilai per predikat)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.core.actions import run_form_service
from kinerja.core.excel import xlsx_response
from kinerja.core.forms import Form
from kinerja.org.forms import UnitChoiceField
from kinerja.org.models import Instansi
from kinerja.org.selectors.scope import instansi_for_admin, units_for_admin
from kinerja.org.views.common import admin_required, pegawai_required, search_url
from kinerja.penilaian.rules import PREDIKAT_LABEL, PREDIKAT_ORDER, RATING_LABEL

from . import excel, rules, selectors
from .services import pengaturan_keluaran_simpan

PER_PAGE = 50


def _halaman_ak(request, pegawai, sendiri: bool):
    context = {
        "pegawai": pegawai,
        "daftar": selectors.keluaran_semua_tahun(pegawai),
        "sendiri": sendiri,
        "rating_label": RATING_LABEL,
    }
    return render(request, "laporan/angka_kredit.html", context)


@require_GET
@pegawai_required
def angka_kredit(request):
    return _halaman_ak(request, request.pegawai, sendiri=True)


@require_GET
@login_required
def angka_kredit_pegawai(request, nip: str):
    pegawai = selectors.pegawai_or_404(request.user, nip)
    return _halaman_ak(request, pegawai, sendiri=pegawai.user_id == request.user.pk)


# --- Admin list ----------------------------------------------------------------------------------------------------


class KeluaranFilterForm(Form):
    tahun = forms.TypedChoiceField(
        label="Tahun", coerce=int, error_messages={"invalid_choice": "Pilih tahun dari daftar."}
    )
    q = forms.CharField(label="Cari NIP / Nama", required=False, max_length=150)
    instansi = forms.ModelChoiceField(
        label="Instansi",
        queryset=Instansi.objects.none(),
        required=False,
        empty_label="Semua instansi",
        error_messages={"invalid_choice": "Pilih instansi dari daftar yang ditampilkan."},
    )
    unit = UnitChoiceField(
        label="Unit Kerja",
        required=False,
        error_messages={"invalid_choice": "Pilih unit kerja dari daftar yang ditampilkan."},
    )
    sub_unit = forms.BooleanField(label="Termasuk sub unit kerja", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        years = set(selectors.tahun_pilihan(user)) | {timezone.localdate().year}
        self.fields["tahun"].choices = [(str(y), str(y)) for y in sorted(years, reverse=True)]
        if user.is_admin_nasional:
            self.fields["instansi"].queryset = instansi_for_admin(user)
        else:
            del self.fields["instansi"]
        instansi_id = str(self.data.get("instansi", "")) if user.is_admin_nasional else ""
        self.fields["unit"].queryset = units_for_admin(user)
        self.fields["unit"].widget.attrs["data-url"] = search_url(
            "org:unit_search",
            int(instansi_id) if instansi_id.isdecimal() and len(instansi_id) <= 18 else None,
        )
        self.fields["q"].widget.attrs["placeholder"] = "NIP atau nama"

    def filters(self) -> dict:
        """The valid filters; the year falls back to this year when missing or invalid."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "", False)}
        data.setdefault("tahun", timezone.localdate().year)
        return data


def _form(request) -> tuple[KeluaranFilterForm, dict]:
    data = request.GET.copy()
    data.setdefault("tahun", str(timezone.localdate().year))
    form = KeluaranFilterForm(data, user=request.user)
    return form, form.filters()


@require_GET
@admin_required
def keluaran_admin(request):
    form, filters = _form(request)
    daftar = selectors.daftar_keluaran(user=request.user, **filters)
    page = Paginator(daftar, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "tahun": filters["tahun"],
        "show_instansi": request.user.is_admin_nasional,
    }
    return render(request, "laporan/keluaran_admin.html", context)


@require_GET
@admin_required
def keluaran_admin_excel(request):
    _form_obj, filters = _form(request)
    daftar = selectors.daftar_keluaran(user=request.user, **filters)
    with_instansi = request.user.is_admin_nasional
    scope = "nasional" if with_instansi else request.user.instansi.kode
    return xlsx_response(
        filename=f"keluaran-kinerja-{scope}-{filters['tahun']}.xlsx",
        columns=excel.columns(with_instansi=with_instansi),
        rows=excel.rows(daftar, with_instansi=with_instansi),
        sheet_title=f"Keluaran {filters['tahun']}",
    )


# --- Settings --------------------------------------------------------------------------------------------------------


class PengaturanForm(Form):
    def __init__(self, *args, pengaturan: selectors.Pengaturan, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in RATING_LABEL.items():
            self.fields[f"kode_{key}"] = forms.IntegerField(
                label=f"Kode {label}", min_value=0, max_value=99, initial=pengaturan.kode_rating[key]
            )
        for key in reversed(PREDIKAT_ORDER):
            self.fields[f"nilai_{key}"] = forms.IntegerField(
                label=f"Nilai {PREDIKAT_LABEL[key]}",
                min_value=0,
                max_value=100,
                initial=pengaturan.nilai_predikat[key],
            )

    def kode_rating(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"kode_{key}"] for key in RATING_LABEL}

    def nilai_predikat(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"nilai_{key}"] for key in PREDIKAT_ORDER}

    def add_domain_error(self, error) -> None:
        """The service names the table; the message goes above the form."""
        self.add_error(None, error.message)


def _instansi_pengaturan(request) -> Instansi:
    user = request.user
    if user.is_admin_nasional:
        pk = request.GET.get("instansi", "")
        if not (pk.isdecimal() and len(pk) <= 18):
            raise Http404("Pilih instansi terlebih dahulu.")
        return get_object_or_404(Instansi, pk=int(pk))
    if user.instansi_id is None:
        raise PermissionDenied
    return user.instansi


@require_http_methods(["GET", "POST"])
@admin_required
def pengaturan_keluaran(request):
    instansi = _instansi_pengaturan(request)
    pengaturan = selectors.pengaturan_untuk(instansi.pk)
    form = PengaturanForm(request.POST or None, pengaturan=pengaturan)
    if request.method == "POST" and form.is_valid():
        done = run_form_service(
            request,
            form,
            lambda: pengaturan_keluaran_simpan(
                actor=request.user,
                instansi=instansi,
                kode_rating=form.kode_rating(),
                nilai_predikat=form.nilai_predikat(),
            ),
            "Pengaturan keluaran kinerja disimpan.",
        )
        if done:
            return redirect(request.get_full_path())
    context = {
        "form": form,
        "instansi": instansi,
        "bawaan_kode": rules.KODE_RATING_BAWAAN,
        "bawaan_nilai": rules.NILAI_PREDIKAT_BAWAAN,
    }
    return render(request, "laporan/pengaturan.html", context)
