"""Keberatan: the employee files against a Final predikat; the atasan pejabat penilai decides, finally.
The same services and selectors as the web pages (kinerja/penilaian/services/keberatan.py)."""

from typing import Literal

from django.db.models import Q
from ninja import Router, Status
from ninja.pagination import paginate

from kinerja.org.models import Peran
from kinerja.penilaian.models import Keberatan
from kinerja.penilaian.selectors.admin import penilaian_for_admin
from kinerja.penilaian.selectors.penilaian import keberatan_or_404, penilaian_visible_or_404
from kinerja.penilaian.services import keberatan as services

from ..auth import actor
from ..errors import ErrorOut
from ..schemas import Halaman
from ..schemas import keberatan as s
from .penilaian import bidang

router = Router(tags=["Keberatan"])

ERR = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ERR_VERSI = {**ERR, 409: ErrorOut}  # a stale `versi` or a keberatan filed first by another request


@router.get("", response={200: list[s.KeberatanOut], **ERR}, summary="Daftar keberatan")
@paginate(Halaman)
def keberatan_list(
    request,
    lingkup: Literal["saya", "putus", "instansi"] | None = None,
    status: Literal["DIAJUKAN", "DIPUTUS"] | None = None,
):
    """The caller's own objections (`saya`), those they decide as atasan pejabat penilai (`putus`) and, for an
    admin, their instansi's (`instansi`; all instansi for the admin nasional). Without `lingkup`: all of these."""
    user = actor(request)
    scopes = {
        "saya": Q(penilaian__skp__pegawai__user_id=user.pk),
        "putus": Q(atasan__user_id=user.pk),
    }
    if user.peran in (Peran.ADMIN_INSTANSI, Peran.ADMIN_NASIONAL):
        scopes["instansi"] = Q(penilaian__in=penilaian_for_admin(user))
    if lingkup is not None:
        q = scopes.get(lingkup, Q(pk__in=[]))
    else:
        q = Q(pk__in=[])
        for scope in scopes.values():
            q |= scope
    qs = Keberatan.objects.filter(q)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("penilaian__skp", "penilaian__periode").order_by("-diajukan_pada", "-id")


@router.post("", response={201: s.KeberatanOut, **ERR_VERSI}, summary="Ajukan keberatan atas predikat Final")
def keberatan_ajukan(request, payload: s.KeberatanIn):
    user = actor(request)
    p = penilaian_visible_or_404(user, payload.penilaian_id)
    k = services.keberatan_ajukan(actor=user, penilaian=p, alasan=payload.alasan, versi=payload.versi)
    return Status(201, keberatan_or_404(user, k.pk))


@router.get("/{keberatan_id}", response={200: s.KeberatanOut, **ERR}, summary="Detail keberatan")
def keberatan_detail(request, keberatan_id: int):
    return keberatan_or_404(actor(request), keberatan_id)


@router.post("/{keberatan_id}/putus", response={200: s.KeberatanOut, **ERR}, summary="Putus keberatan")
def keberatan_putus(request, keberatan_id: int, payload: s.PutusIn):
    """By the atasan pejabat penilai named on the keberatan: DIKUATKAN keeps the ratings, DIUBAH sets new ones
    (and the predikat they give). The decision is final."""
    user = actor(request)
    k = keberatan_or_404(user, keberatan_id)
    with bidang(alasan="alasan"):
        services.keberatan_putus(
            actor=user,
            keberatan=k,
            catatan_pemeriksaan=payload.catatan_pemeriksaan,
            keputusan=payload.keputusan,
            rating_hasil_kerja_baru=payload.rating_hasil_kerja_baru,
            rating_perilaku_baru=payload.rating_perilaku_baru,
            alasan=payload.alasan,
        )
    return keberatan_or_404(user, keberatan_id)
