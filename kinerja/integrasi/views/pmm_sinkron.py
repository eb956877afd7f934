"""Sinkro PMM pages: "Sinkro Data PMM" (SKP: plain, with rotation, PLT) and "Sinkro Penilaian PMM" (periodic and
Final) for one PMM user, by the person themself or an admin of their instansi.

GET shows the comparison ("Data e-Kinerja | Data PMM") or the period table; POST runs the sync service and shows
its result from the log row. An unreachable or unconfigured PMM becomes a message on the page, never a 500.
Anyone else gets 404; so does a person who is not a PMM user.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Pegawai
from kinerja.org.selectors import pegawai_for_admin, pegawai_of_user
from kinerja.skp.models import Skp

from ..clients.base import NetworkError, NotConfigured, RemoteError
from ..models import JenisSinkron, PenggunaPmm
from ..services import pmm_penilaian, pmm_skp

MODE_SKP = {
    "skp": (JenisSinkron.SKP, pmm_skp.sinkron_skp),
    "rotasi": (JenisSinkron.SKP_ROTASI, pmm_skp.sinkron_skp_rotasi),
    "plt": (JenisSinkron.SKP_PLT, pmm_skp.sinkron_skp_plt),
}
MODE_PENILAIAN = {
    "penilaian": pmm_penilaian.sinkron_penilaian,
    "final": pmm_penilaian.sinkron_penilaian_final,
}


def _pmm_user_or_404(pegawai: Pegawai) -> None:
    if not PenggunaPmm.objects.filter(pegawai=pegawai).exists():
        raise Http404("Pegawai ini bukan User PMM.")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _target(request) -> Pegawai:
    """The employee themself, or (?pegawai=<pk>) an employee in the admin's scope; 404 otherwise."""
    pk = request.GET.get("pegawai") or request.POST.get("pegawai")
    own = pegawai_of_user(request.user)
    if pk:
        pk = _int(pk)
        if own is not None and own.pk == pk:
            pegawai = own
        else:
            qs = pegawai_for_admin(request.user).select_related("instansi", "unit_kerja", "jabatan")
            pegawai = get_object_or_404(qs, pk=pk) if pk else None
    else:
        pegawai = own
    if pegawai is None:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    _pmm_user_or_404(pegawai)
    return pegawai


def _run(call, ctx: dict) -> None:
    """Run a sync service; put its log row, or why it could not run, in the context."""
    try:
        ctx["log"] = call()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except (NetworkError, NotConfigured, DomainError) as exc:
        ctx["galat"] = exc.message


@login_required
def pmm_sinkron_skp(request):
    pegawai = _target(request)
    tahun = _int(request.POST.get("tahun") or request.GET.get("tahun"))
    if tahun is None or not 2000 <= tahun <= 2100:
        tahun = timezone.localdate().year
    mode = request.POST.get("mode") or request.GET.get("mode") or ""
    if mode and mode not in MODE_SKP:
        raise Http404("Jenis sinkro tidak dikenal.")
    ctx = {
        "pegawai": pegawai,
        "tahun": tahun,
        "mode": mode,
        "untuk_admin": pegawai.user_id != request.user.pk,
        "tombol": [
            ("skp", JenisSinkron.SKP.label),
            ("rotasi", JenisSinkron.SKP_ROTASI.label),
            ("plt", JenisSinkron.SKP_PLT.label),
        ],  # fmt: skip
    }
    if mode:
        jenis, fn = MODE_SKP[mode]
        ctx["judul_mode"] = jenis.label
        if request.method == "POST":
            _run(lambda: fn(actor=request.user, pegawai=pegawai, tahun=tahun), ctx)
        if "galat" not in ctx:
            try:
                ctx["banding"] = pmm_skp.skp_banding(
                    actor=request.user, pegawai=pegawai, tahun=tahun, jenis=jenis
                )
            except PermissionDeniedError as exc:
                raise PermissionDenied(exc.message) from exc
            except RemoteError as exc:
                ctx["remote"] = exc.keterangan
            except (NetworkError, NotConfigured, DomainError) as exc:
                ctx["galat"] = exc.message
    return render(request, "integrasi/pmm_sinkron_skp.html", ctx)


def _skp_or_404(request, pk: int) -> Skp:
    skp = get_object_or_404(Skp.objects.select_related("pegawai__unit_kerja", "pegawai__instansi"), pk=pk)
    pegawai = skp.pegawai
    if pegawai.user_id != request.user.pk and not request.user.has_perm("org.manage", pegawai):
        raise Http404("SKP tidak ditemukan.")
    _pmm_user_or_404(pegawai)
    return skp


@login_required
def pmm_sinkron_penilaian(request, pk: int):
    skp = _skp_or_404(request, pk)
    pegawai, tahun = skp.pegawai, skp.periode_awal.year
    periode = list(pmm_penilaian.periode_tahun(pegawai.instansi_id, tahun))
    masalah = pmm_penilaian.periode_masalah(pegawai.instansi_id, tahun)
    ctx = {
        "skp": skp,
        "pegawai": pegawai,
        "tahun": tahun,
        "periode": [(p, p.tanggal(tahun)) for p in periode],
        "masalah": [(m, pmm_penilaian.PENJELASAN.get(m, "")) for m in masalah],
        "info_admin": pmm_penilaian.INFO_ADMIN_PERIODE,
    }
    if request.method == "POST":
        mode = request.POST.get("mode", "")
        if mode not in MODE_PENILAIAN:
            raise Http404("Jenis sinkro tidak dikenal.")
        ctx["mode"] = mode
        fn = MODE_PENILAIAN[mode]
        _run(lambda: fn(actor=request.user, pegawai=pegawai, tahun=tahun), ctx)
    return render(request, "integrasi/pmm_sinkron_penilaian.html", ctx)
