"""SKP Bawahan (with bulk approval) and the Matriks Peran Hasil of a leader's SKP.

Every page belongs to the owner of the leader SKP only; anyone else gets a 404 (no hint that it exists).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from kinerja.core.dates import rentang
from kinerja.core.errors import DomainError, PermissionDeniedError

from ..forms_matriks import CariPegawaiForm, PilihSkpForm, RhkBawahanForm
from ..models import MatriksAnggota, Rhk, Skp, Status
from ..selectors import bawahan as selectors
from ..selectors.detail import skp_base
from ..services import matriks as matriks_services
from ..services import rhk as rhk_services
from ..services import workflow

PER_PAGE = 50


def _leader_skp(request, pk: int) -> Skp:
    """The user's own SKP; anyone else's is a 404."""
    skp = skp_base().filter(pk=pk, pegawai__user_id=request.user.pk).first()
    if skp is None:
        raise Http404("SKP tidak ditemukan.")
    return skp


def _row_skp(skp: Skp, pk: int) -> Skp:
    """A row of the leader's Matriks: a subordinate's SKP, or one added by NIP. Else 404."""
    row = selectors.skp_bawahan(skp).filter(pk=pk).first()
    if row is None and MatriksAnggota.objects.filter(skp_pimpinan=skp, skp_anggota_id=pk).exists():
        row = skp_base().get(pk=pk)
    if row is None:
        raise Http404("SKP tidak ada di Matriks Peran Hasil Anda.")
    return row


def _judul(skp: Skp) -> str:
    return f"{skp.pegawai_nama} (SKP Periode {rentang(skp.periode_awal, skp.periode_akhir)})"


@login_required
def bawahan(request, pk: int):
    skp = _leader_skp(request, pk)
    page = Paginator(selectors.skp_bawahan(skp), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {"skp": s, "dapat_dilihat": not s.is_draft and request.user.has_perm("skp.view", s)} for s in page
    ]
    ada_pengajuan = any(s.status == Status.PENGAJUAN for s in page)
    context = {"skp": skp, "page": page, "rows": rows, "ada_pengajuan": ada_pengajuan}
    return render(request, "skp/bawahan.html", context)


def _ringkas(skps) -> str:
    return ", ".join(s.pegawai_nama for s in skps)


@require_POST
@login_required
def bawahan_setujui(request, pk: int):
    """Setujui yang dipilih: approve the ticked submitted SKPs; report the approved and the refused."""
    skp = _leader_skp(request, pk)
    ids = {int(v) for v in request.POST.getlist("skp") if v.isdecimal() and len(v) <= 18}
    if not ids:
        messages.warning(request, "Pilih minimal satu SKP berstatus PENGAJUAN yang akan disetujui.")
        return redirect("skp:bawahan", pk=skp.pk)
    found = list(selectors.skp_bawahan(skp).filter(pk__in=ids))
    versi = {  # the tokens the page showed (docs/konkurensi.md)
        pk: int(v) for pk in ids if (v := request.POST.get(f"versi-{pk}", "")).isdecimal() and len(v) <= 9
    }
    approved, refused = workflow.skp_setujui_banyak(actor=request.user, skps=found, versi=versi)
    if approved:
        messages.success(request, f"{len(approved)} SKP disetujui: {_ringkas(approved)}")
    if refused:
        alasan = "; ".join(f"{s.pegawai_nama} — {reason}" for s, reason in refused)
        messages.error(request, f"{len(refused)} SKP tidak dapat disetujui: {alasan}")
    missing = len(ids) - len(found)
    if missing:
        messages.error(
            request, f"{missing} SKP tidak dapat disetujui: SKP tidak ditemukan di daftar SKP Bawahan Anda."
        )
    page = request.POST.get("page", "")
    url = reverse("skp:bawahan", args=[skp.pk])
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
def matriks(request, pk: int):
    skp = _leader_skp(request, pk)
    m = selectors.matriks(skp)
    baris = [
        {
            "skp": b.skp,
            "judul": _judul(b.skp),
            "ditambahkan": b.ditambahkan,
            "dapat_dilihat": not b.skp.is_draft and request.user.has_perm("skp.view", b.skp),
            "sel": [(k.rhk, b.sel.get(k.rhk.pk, [])) for k in m.kolom],
        }
        for b in m.baris
    ]
    return render(request, "skp/matriks.html", {"skp": skp, "kolom": m.kolom, "baris": baris})


def _candidates(skp: Skp, pegawai):
    """That person's SKPs whose period overlaps the leader's SKP."""
    return (
        skp_base()
        .filter(pegawai=pegawai, periode_awal__lte=skp.periode_akhir, periode_akhir__gte=skp.periode_awal)
        .order_by("periode_awal", "id")
    )


@login_required
def matriks_tambah_pegawai(request, pk: int):
    """Tambah Pegawai: NIP → Cari Pegawai → choose one of that person's overlapping SKPs → OK."""
    skp = _leader_skp(request, pk)
    data = request.POST if request.method == "POST" else (request.GET if "nip" in request.GET else None)
    cari = CariPegawaiForm(data, instansi=skp.instansi)
    pilih = None
    if data is not None and cari.is_valid():
        queryset = _candidates(skp, cari.pegawai)
        pilih = PilihSkpForm(request.POST if request.method == "POST" else None, queryset=queryset)
        if request.method == "POST" and pilih.is_valid():
            anggota = pilih.cleaned_data["skp_anggota"]
            try:
                matriks_services.matriks_tambah_pegawai(
                    actor=request.user, skp_pimpinan=skp, skp_anggota=anggota
                )
            except PermissionDeniedError as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                pilih.add_domain_error(exc)
            else:
                messages.success(request, f"{_judul(anggota)} ditambahkan ke Matriks Peran Hasil.")
                return redirect("skp:matriks", pk=skp.pk)
    context = {"skp": skp, "cari": cari, "pilih": pilih, "pegawai": cari.pegawai}
    return render(request, "skp/matriks_tambah_pegawai.html", context)


@require_POST
@login_required
def matriks_hapus_pegawai(request, pk: int, anggota: int):
    skp = _leader_skp(request, pk)
    item = get_object_or_404(MatriksAnggota.objects.select_related("skp_pimpinan__pegawai", "skp_anggota"),
                             pk=anggota, skp_pimpinan=skp)  # fmt: skip
    judul = _judul(item.skp_anggota)
    try:
        matriks_services.matriks_hapus_pegawai(actor=request.user, item=item)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    messages.success(request, f"{judul} dihapus dari Matriks Peran Hasil.")
    return redirect("skp:matriks", pk=skp.pk)


@require_POST
@login_required
def matriks_sinkronisasi(request, pk: int):
    skp = _leader_skp(request, pk)
    try:
        jumlah = matriks_services.sinkronisasi_skp_bawahan(actor=request.user, skp_pimpinan=skp)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    if jumlah:
        messages.success(
            request, f"Sinkronisasi selesai: {jumlah} SKP bawahan kini menunjuk Anda sebagai pejabat penilai."
        )
    else:
        messages.info(request, "Sinkronisasi selesai: seluruh SKP bawahan berstatus DRAFT sudah terbaru.")
    return redirect("skp:matriks", pk=skp.pk)


def _rhk_dengan_indikator(request, row: Skp, rhk_atasan: Rhk, form: RhkBawahanForm) -> Rhk:
    """Create the RHK and, when given, its first indicator, all or nothing."""
    data = form.cleaned_data
    with transaction.atomic():
        rhk = rhk_services.rhk_create(
            actor=request.user, skp=row, jenis=data["jenis"], klasifikasi=data["klasifikasi"], teks=data["teks"],
            penugasan_dari=data.get("penugasan_dari", ""), rhk_atasan=rhk_atasan,
        )  # fmt: skip
        if form.ada_indikator:
            try:
                rhk_services.indikator_create(actor=request.user, rhk=rhk, **form.indikator_kwargs())
            except DomainError as exc:
                field = f"indikator_{exc.field}" if exc.field else None
                raise type(exc)(exc.message, field=field) from exc
    return rhk


@login_required
def matriks_rhk_create(request, pk: int, skp_bawahan: int, rhk_pimpinan: int):
    """Tambah RHK from a cell: an RHK in the subordinate's SKP that intervenes my RHK (only while DRAFT)."""
    skp = _leader_skp(request, pk)
    rhk_atasan = get_object_or_404(Rhk.objects.prefetch_related("indikator"), pk=rhk_pimpinan, skp=skp)
    row = _row_skp(skp, skp_bawahan)
    if request.method != "POST" and not row.is_draft:
        messages.error(
            request,
            f"SKP {row.pegawai_nama} berstatus {row.status}. "
            "RHK hanya dapat ditambahkan saat SKP bawahan berstatus DRAFT.",
        )
        return redirect("skp:matriks", pk=skp.pk)
    initial = {"penugasan_dari": skp.pegawai_jabatan}
    form = RhkBawahanForm(request.POST or None, initial=initial, skp=row)
    if request.method == "POST" and form.is_valid():
        try:
            rhk = _rhk_dengan_indikator(request, row, rhk_atasan, form)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f'RHK "{rhk.teks[:80]}" ditambahkan ke SKP {row.pegawai_nama}')
            return redirect(f"{reverse('skp:matriks', args=[skp.pk])}#baris-{row.pk}")
    context = {"skp": skp, "row": row, "judul_row": _judul(row), "rhk_atasan": rhk_atasan, "form": form}
    return render(request, "skp/matriks_rhk_form.html", context)


urlpatterns = [
    path("skp/<int:pk>/bawahan/", bawahan, name="bawahan"),
    path("skp/<int:pk>/bawahan/setujui/", bawahan_setujui, name="bawahan_setujui"),
    path("skp/<int:pk>/matriks/", matriks, name="matriks"),
    path("skp/<int:pk>/matriks/tambah-pegawai/", matriks_tambah_pegawai, name="matriks_tambah_pegawai"),
    path(
        "skp/<int:pk>/matriks/hapus-pegawai/<int:anggota>/",
        matriks_hapus_pegawai,
        name="matriks_hapus_pegawai",
    ),
    path("skp/<int:pk>/matriks/sinkronisasi/", matriks_sinkronisasi, name="matriks_sinkronisasi"),
    path(
        "skp/<int:pk>/matriks/<int:skp_bawahan>/rhk/<int:rhk_pimpinan>/",
        matriks_rhk_create,
        name="matriks_rhk_create",
    ),
]
