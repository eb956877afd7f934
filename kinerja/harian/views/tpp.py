"""Pengaturan Kinerja Harian (admin; exists with the feature off, it switches it on), Nilai Kinerja Bulanan (TPP)
for the employee, Rekap TPP Bulanan for the admin (Tutup Bulan, Unduh Excel), and the Riwayat of a person (part of
the profile: it does not depend on the feature switch)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core.actions import run_form_service, run_post_service
from kinerja.core.excel import Column, xlsx_response
from kinerja.org import atasan
from kinerja.org.models import Instansi, Pegawai
from kinerja.org.permissions import is_admin_of
from kinerja.org.views.common import admin_required, pegawai_required
from kinerja.skp.models import Skp

from ..forms_tpp import PengaturanForm, PilihInstansiForm, TppFilterForm
from ..models import RumusTpp
from ..pengaturan import aktif_or_404, pengaturan
from ..selectors import riwayat as riwayat_selectors
from ..selectors import tpp as selectors
from ..services.common import nama_bulan
from ..services.pengaturan import pengaturan_simpan
from ..services.tpp import bulan_bisa_ditutup, bulan_tutup

PER_PAGE = 50


def _instansi(request) -> Instansi | None:
    """The admin's instansi; the admin nasional picks one with ?instansi= (None until picked)."""
    user = request.user
    if user.is_admin_nasional:
        pk = request.GET.get("instansi") or request.POST.get("instansi") or ""
        if not pk:
            return None
        if not (pk.isdecimal() and len(pk) <= 18):
            raise Http404("Instansi tidak ditemukan.")
        return get_object_or_404(Instansi, pk=int(pk))
    if user.instansi_id is None:
        raise PermissionDenied
    return user.instansi


def _pilih_instansi(request, judul: str):
    form = PilihInstansiForm(request.GET or None, user=request.user)
    return render(request, "harian/tpp_pilih_instansi.html", {"form": form, "judul": judul})


# --- Pengaturan Kinerja Harian ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@admin_required
def pengaturan_view(request):
    instansi = _instansi(request)
    if instansi is None:
        return _pilih_instansi(request, "Pengaturan Kinerja Harian")
    row = pengaturan(instansi.pk)
    form = PengaturanForm.untuk(row, request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_form_service(
            request,
            form,
            lambda: pengaturan_simpan(actor=request.user, instansi=instansi, **form.cleaned_data),
            "Pengaturan kinerja harian disimpan.",
        )
        if done:
            return redirect(request.get_full_path())
    context = {"form": form, "instansi": instansi, "row": row, "nasional": request.user.is_admin_nasional}
    return render(request, "harian/pengaturan.html", context)


# --- Nilai Kinerja Bulanan (TPP): the employee ---------------------------------------------------------------------


def _tahun(request) -> int:
    raw = request.GET.get("tahun", "")
    tahun = int(raw) if raw.isdecimal() and len(raw) <= 4 else timezone.localdate().year
    return tahun if 2000 <= tahun <= 2100 else timezone.localdate().year


@require_GET
@pegawai_required
def tpp_saya(request):
    pegawai = request.pegawai
    setting = aktif_or_404(pegawai.instansi_id)
    tahun = _tahun(request)
    context = {
        "pegawai": pegawai,
        "tahun": tahun,
        "tahun_pilihan": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        "bulan": selectors.nilai_tahun(pegawai, tahun, setting, timezone.localdate()),
        "setting": setting,
        "rumus_label": RumusTpp(setting.rumus_tpp).label,
    }
    return render(request, "harian/tpp_saya.html", context)


# --- Rekap TPP Bulanan: the admin ------------------------------------------------------------------------------------


def _rekap(request):
    instansi = _instansi(request)
    if instansi is None:
        return None, None, None
    setting = aktif_or_404(instansi.pk)
    data = request.GET.copy()
    dipilih = any(k in data for k in ("tahun", "bulan", "q", "unit", "sub_unit"))
    form = TppFilterForm(data if dipilih else None, user=request.user, instansi=instansi)
    filters = form.filters()
    if not dipilih:
        form = TppFilterForm(
            initial={"tahun": filters["tahun"], "bulan": filters["bulan"]},
            user=request.user,
            instansi=instansi,
        )
    daftar = selectors.daftar_tpp(
        instansi=instansi,
        tahun=filters["tahun"],
        bulan=filters["bulan"],
        q=filters.get("q", ""),
        unit=filters.get("unit"),
        sub_unit=filters.get("sub_unit", False),
    )
    return instansi, setting, (form, filters, daftar)


@require_GET
@admin_required
def tpp_admin(request):
    instansi, setting, rest = _rekap(request)
    if instansi is None:
        return _pilih_instansi(request, "Rekap TPP Bulanan")
    form, filters, daftar = rest
    page = Paginator(daftar, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "instansi": instansi,
        "setting": setting,
        "rumus_label": RumusTpp(setting.rumus_tpp).label,
        "page_obj": page,
        "tahun": filters["tahun"],
        "bulan": filters["bulan"],
        "nama_bulan": nama_bulan(filters["bulan"]),
        "ditutup": daftar.ditutup,
        "bisa_ditutup": not daftar.ditutup and bulan_bisa_ditutup(filters["tahun"], filters["bulan"]),
        "nasional": request.user.is_admin_nasional,
    }
    return render(request, "harian/tpp_admin.html", context)


EXCEL_COLUMNS = [
    Column("NIP", 22),
    Column("Nama", 32),
    Column("Jabatan", 32),
    Column("Unit Kerja", 36),
    Column("Nilai Kinerja Bulanan", 14),
    Column("Jumlah Indikator Bertarget", 14),
    Column("Status Bulan", 12),
]


@require_GET
@admin_required
def tpp_admin_excel(request):
    instansi, _setting, rest = _rekap(request)
    if instansi is None:
        raise Http404("Pilih instansi terlebih dahulu.")
    _form, filters, daftar = rest
    status = "Ditutup" if daftar.ditutup else "Terbuka"
    rows = (
        (
            b.pegawai.nip,
            b.pegawai.nama_lengkap,
            b.pegawai.jabatan.nama if b.pegawai.jabatan else "",
            b.pegawai.unit_kerja.nama,
            float(b.nilai) if b.nilai is not None else None,
            sum(1 for r in b.rincian if r.get("target") is not None),
            status,
        )
        for b in daftar.semua()
    )
    tahun, bulan = filters["tahun"], filters["bulan"]
    return xlsx_response(
        filename=f"tpp-{instansi.kode}-{tahun}-{bulan:02d}.xlsx",
        columns=EXCEL_COLUMNS,
        rows=rows,
        sheet_title=f"TPP {nama_bulan(bulan)} {tahun}",
    )


@require_POST
@admin_required
def tpp_tutup(request):
    instansi = _instansi(request)
    if instansi is None:
        raise Http404("Pilih instansi terlebih dahulu.")
    aktif_or_404(instansi.pk)
    tahun, bulan = request.POST.get("tahun", ""), request.POST.get("bulan", "")
    if not (tahun.isdecimal() and bulan.isdecimal() and len(tahun) <= 4 and len(bulan) <= 2):
        raise Http404("Bulan tidak valid.")
    tahun, bulan = int(tahun), int(bulan)
    run_post_service(
        request,
        lambda: bulan_tutup(actor=request.user, instansi=instansi, tahun=tahun, bulan=bulan),
        f"Bulan {nama_bulan(bulan)} {tahun} ditutup; nilai kinerja bulanan telah dibekukan.",
    )
    query = f"tahun={tahun}&bulan={bulan}"
    if request.user.is_admin_nasional:
        query += f"&instansi={instansi.pk}"
    return redirect(f"{reverse('harian:tpp_admin')}?{query}")


# --- Riwayat -------------------------------------------------------------------------------------------------------


def _render_riwayat(request, pegawai: Pegawai, sendiri: bool):
    context = {"pegawai": pegawai, "daftar": riwayat_selectors.riwayat(pegawai), "sendiri": sendiri}
    return render(request, "harian/riwayat.html", context)


@require_GET
@pegawai_required
def riwayat(request):
    return _render_riwayat(request, request.pegawai, sendiri=True)


def _boleh_lihat_riwayat(user, pegawai: Pegawai) -> bool:
    if pegawai.user_id == user.pk or is_admin_of(user, pegawai):
        return True
    try:
        saya = user.pegawai
    except ObjectDoesNotExist:
        return False
    if saya is None:
        return False
    if Skp.objects.filter(pegawai=pegawai, penilai=saya).exists():
        return True
    return atasan.pejabat_penilai(pegawai).pegawai == saya


@require_GET
@login_required
def riwayat_pegawai(request, pk: int):
    pegawai = Pegawai.objects.select_related("instansi", "unit_kerja", "jabatan").filter(pk=pk).first()
    if pegawai is None or not _boleh_lihat_riwayat(request.user, pegawai):
        raise Http404("Pegawai tidak ditemukan.")
    return _render_riwayat(request, pegawai, sendiri=pegawai.user_id == request.user.pk)


urlpatterns = [
    path("admin/kinerja-harian/pengaturan/", pengaturan_view, name="pengaturan"),
    path("kinerja-harian/tpp/", tpp_saya, name="tpp_saya"),
    path("admin/kinerja-harian/tpp/", tpp_admin, name="tpp_admin"),
    path("admin/kinerja-harian/tpp/unduh/", tpp_admin_excel, name="tpp_admin_excel"),
    path("admin/kinerja-harian/tpp/tutup/", tpp_tutup, name="tpp_tutup"),
    path("profil/riwayat/", riwayat, name="riwayat"),
    path("pegawai/<int:pk>/riwayat/", riwayat_pegawai, name="riwayat_pegawai"),
]
