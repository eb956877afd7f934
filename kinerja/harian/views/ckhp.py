"""Catatan Kinerja Harian (the owner's CKHP page and its forms) and Kinerja Bawahan (the assessor's review).

With the feature off for the user's instansi every page is a 404; another person's entry is a 404 too."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.core.actions import run_form_service, run_post_service
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.skp.models import JenisRhk

from .. import rules
from ..forms_ckhp import BawahanFilterForm, CatatanForm, KembalikanForm
from ..models import CatatanHarian
from ..pengaturan import aktif_or_404
from ..selectors import ckhp as selectors
from ..services import ckhp as services
from ..services.common import bulan_ditutup

JENIS_URL = {"utama": JenisRhk.UTAMA, "tambahan": JenisRhk.TAMBAHAN}


def _pegawai_aktif(request):
    """The user's employee record, with the feature on for its instansi; else 404."""
    try:
        pegawai = request.user.pegawai
    except ObjectDoesNotExist:
        pegawai = None
    if pegawai is None:
        raise Http404("Halaman ini hanya untuk pegawai.")
    return pegawai, aktif_or_404(pegawai.instansi_id)


def _ids(request) -> list[int]:
    return sorted({int(v) for v in request.POST.getlist("pilih") if v.isdecimal() and len(v) <= 18})


def _ckhp_url(skp_id, bulan) -> str:
    query = {k: v for k, v in (("skp", skp_id), ("bulan", bulan)) if v}
    url = reverse("harian:ckhp")
    return f"{url}?{urlencode(query)}" if query else url


# --- Catatan Kinerja Harian --------------------------------------------------------------------------------------


@login_required
def ckhp(request):
    pegawai, setting = _pegawai_aktif(request)
    skps = list(selectors.skp_pemilik(request.user))
    today = timezone.localdate()
    if request.GET.get("skp"):
        skp = next((s for s in skps if str(s.pk) == request.GET["skp"]), None)
        if skp is None:
            raise Http404("SKP tidak ditemukan di daftar SKP Anda yang sudah disetujui.")
    else:
        skp = selectors.skp_hari_ini(skps, today)
    context = {"skps": skps, "skp": skp, "setting": setting, "hari_ini": today}
    if skp is not None:
        pilihan = selectors.bulan_skp(skp)
        bulan = request.GET.get("bulan", "")
        bulan = (
            int(bulan)
            if bulan.isdecimal() and len(bulan) <= 2 and any(b == int(bulan) for _, b in pilihan)
            else None
        )
        bulan = bulan or selectors.bulan_bawaan(skp, today)
        tahun = skp.periode_awal.year
        kelompok = selectors.catatan_bulan(skp, tahun, bulan)
        ditutup = bulan_ditutup(skp.instansi_id, tahun, bulan)
        bisa_kirim = not ditutup and any(c.bisa_diubah for k in kelompok for c in k.baris)
        context.update(
            {
                "bulan": bulan,
                "tahun": tahun,
                "nama_bulan": rules.BULAN[bulan - 1],
                "pilihan_bulan": [(b, rules.BULAN[b - 1]) for _, b in pilihan],
                "kelompok": kelompok,
                "jumlah": sum(len(k.baris) for k in kelompok),
                "ditutup": ditutup,
                "bisa_kirim": bisa_kirim,
            }
        )
    return render(request, "harian/ckhp.html", context)


def _catatan_or_404(request, pk: int) -> CatatanHarian:
    item = selectors.catatan_pemilik(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404("Catatan kinerja harian tidak ditemukan.")
    return item


def _form_page(request, form, skp, judul: str, jenis: str, bulan: int):
    context = {"form": form, "skp": skp, "judul": judul, "jenis": jenis, "kembali": _ckhp_url(skp.pk, bulan)}
    return render(request, "harian/ckhp_form.html", context)


@login_required
def ckhp_tambah(request, skp: int, jenis: str):
    """+ Kinerja Utama / + Kinerja Tambahan."""
    _pegawai_aktif(request)
    kind = JENIS_URL.get(jenis)
    skp_obj = selectors.skp_pemilik(request.user).filter(pk=skp).first()
    if kind is None or skp_obj is None:
        raise Http404("SKP tidak ditemukan di daftar SKP Anda yang sudah disetujui.")
    today = timezone.localdate()
    bulan = request.GET.get("bulan") or selectors.bulan_bawaan(skp_obj, today)
    indikator_qs = selectors.indikator_skp(skp_obj, kind)
    if request.method != "POST" and not indikator_qs.exists():
        messages.warning(request, f"SKP ini belum memiliki indikator kinerja {kind.label.lower()}.")
        return redirect(_ckhp_url(skp_obj.pk, bulan))
    form = CatatanForm(request.POST or None, initial={"tanggal": today}, indikator_qs=indikator_qs)
    if request.method == "POST" and form.is_valid():
        call = partial(services.catatan_tambah, actor=request.user, skp=skp_obj, **form.cleaned_data)
        if run_form_service(request, form, call, "Catatan kinerja harian berhasil ditambahkan (Konsep)."):
            return redirect(_ckhp_url(skp_obj.pk, form.cleaned_data["tanggal"].month))
    return _form_page(request, form, skp_obj, f"Tambah Kinerja {kind.label}", kind.label, bulan)


@login_required
def ckhp_ubah(request, pk: int):
    _pegawai_aktif(request)
    item = _catatan_or_404(request, pk)
    back = _ckhp_url(item.skp_id, item.tanggal.month)
    if not item.bisa_diubah:
        messages.error(request, f"Catatan berstatus {item.get_status_display()} tidak dapat diubah.")
        return redirect(back)
    jenis = item.indikator.rhk.jenis
    initial = {
        "indikator": item.indikator_id,
        "tanggal": item.tanggal,
        "uraian": item.uraian,
        "realisasi": item.realisasi,
        "bukti_link": item.bukti_link,
    }
    form = CatatanForm(
        request.POST or None, initial=initial, indikator_qs=selectors.indikator_skp(item.skp, jenis)
    )
    if request.method == "POST" and form.is_valid():
        call = partial(services.catatan_ubah, actor=request.user, catatan=item, **form.cleaned_data)
        if run_form_service(request, form, call, "Catatan kinerja harian berhasil diubah."):
            return redirect(_ckhp_url(item.skp_id, form.cleaned_data["tanggal"].month))
    label = JenisRhk(jenis).label
    return _form_page(request, form, item.skp, f"Ubah Kinerja {label}", label, item.tanggal.month)


@require_POST
@login_required
def ckhp_hapus(request, pk: int):
    _pegawai_aktif(request)
    item = _catatan_or_404(request, pk)
    back = _ckhp_url(item.skp_id, item.tanggal.month)
    run_post_service(
        request,
        partial(services.catatan_hapus, actor=request.user, catatan=item),
        "Catatan kinerja harian berhasil dihapus.",
    )
    return redirect(back)


@require_POST
@login_required
def ckhp_kirim(request):
    """Kirim Kinerja Harian: send the ticked entries for checking, all or none."""
    _pegawai_aktif(request)
    ids = _ids(request)
    back = _ckhp_url(request.POST.get("skp", ""), request.POST.get("bulan", ""))
    if not ids:
        messages.warning(
            request, "Centang minimal satu catatan berstatus Konsep atau Dikembalikan untuk dikirim."
        )
        return redirect(back)
    found = list(selectors.catatan_pemilik(request.user).filter(pk__in=ids))
    if len(found) != len(ids):
        raise Http404("Catatan kinerja harian tidak ditemukan.")
    run_post_service(
        request,
        partial(services.catatan_kirim, actor=request.user, catatan_list=found),
        f"{len(found)} catatan kinerja harian dikirim ke pejabat penilai (status Periksa).",
    )
    return redirect(back)


# --- Kinerja Bawahan ---------------------------------------------------------------------------------------------


def _filter(request, source) -> dict:
    today = timezone.localdate()
    data = {"bulan": today.month, "tahun": today.year, "status": rules.PERIKSA, "pegawai": ""}
    data.update({k: source[k] for k in data if k in source})
    form = BawahanFilterForm(data)
    if form.is_valid():
        return form, form.cleaned_data
    form = BawahanFilterForm({**data, "bulan": today.month, "tahun": today.year, "pegawai": ""})
    form.is_valid()
    status = form.cleaned_data.get("status", rules.PERIKSA)  # a hand-typed status is not passed on
    return form, {"bulan": today.month, "tahun": today.year, "status": status, "pegawai": None}


def _bawahan_page(request, source, kembalikan: KembalikanForm, dipilih=()):
    form, f = _filter(request, source)
    orang, counts = selectors.bawahan_bulan(
        request.user, f["tahun"], f["bulan"], status=f["status"] or "", pegawai_id=f["pegawai"]
    )
    query = urlencode({k: f[k] or "" for k in ("bulan", "tahun", "status", "pegawai")})
    context = {
        "filter": form,
        "f": f,
        "query": query,
        "nama_bulan": rules.BULAN[f["bulan"] - 1],
        "orang": orang,
        "counts": counts,
        "jumlah": sum(o.jumlah for o in orang),
        "ada_periksa": any(c.status == rules.PERIKSA for o in orang for h in o.hari for c in h.baris),
        "form": kembalikan,
        "dipilih": set(dipilih),
    }
    return render(request, "harian/kinerja_bawahan.html", context)


@login_required
def kinerja_bawahan(request):
    _pegawai_aktif(request)
    return _bawahan_page(request, request.GET, KembalikanForm())


@require_POST
@login_required
def kinerja_bawahan_periksa(request):
    """Setujui / Kembalikan the ticked entries (all or none); a refusal keeps the ticks and the note."""
    _pegawai_aktif(request)
    aksi = request.POST.get("aksi")
    if aksi not in ("setujui", "kembalikan"):
        raise Http404("Aksi tidak dikenal.")
    ids = _ids(request)
    found = list(selectors.catatan_bawahan(request.user).filter(pk__in=ids))
    if len(found) != len(ids):
        raise Http404("Catatan kinerja harian tidak ditemukan di daftar Kinerja Bawahan Anda.")
    form = KembalikanForm(request.POST)
    form.is_valid()
    try:
        if aksi == "setujui":
            done = services.catatan_setujui(actor=request.user, catatan_list=found)
            pesan = f"{len(done)} catatan kinerja harian disetujui."
        else:
            done = services.catatan_kembalikan(
                actor=request.user, catatan_list=found, catatan=form.cleaned_data.get("catatan", "")
            )
            pesan = f"{len(done)} catatan kinerja harian dikembalikan kepada pegawai."
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        form.add_domain_error(exc)
        return _bawahan_page(request, request.POST, form, dipilih=ids)
    messages.success(request, pesan)
    _, f = _filter(request, request.POST)
    query = urlencode({k: f[k] or "" for k in ("bulan", "tahun", "status", "pegawai")})
    return redirect(f"{reverse('harian:kinerja_bawahan')}?{query}")


urlpatterns = [
    path("kinerja-harian/", ckhp, name="ckhp"),
    path("kinerja-harian/skp/<int:skp>/tambah/<str:jenis>/", ckhp_tambah, name="ckhp_tambah"),
    path("kinerja-harian/catatan/<int:pk>/ubah/", ckhp_ubah, name="ckhp_ubah"),
    path("kinerja-harian/catatan/<int:pk>/hapus/", ckhp_hapus, name="ckhp_hapus"),
    path("kinerja-harian/kirim/", ckhp_kirim, name="ckhp_kirim"),
    path("kinerja-harian/bawahan/", kinerja_bawahan, name="kinerja_bawahan"),
    path("kinerja-harian/bawahan/periksa/", kinerja_bawahan_periksa, name="kinerja_bawahan_periksa"),
]
