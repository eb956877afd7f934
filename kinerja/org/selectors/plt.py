"""Reads behind Manajemen PLT / PLH: assignments in the admin's scope, employee search."""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, Q, QuerySet, Value, When

from .. import atasan
from ..models import Instansi, Pegawai, PenugasanPlt, Peran

STATUS_CHOICES = (("aktif", "Aktif / terjadwal"), ("selesai", "Selesai"), ("semua", "Semua"))
STATUS_AKTIF, STATUS_TERJADWAL, STATUS_SELESAI = "aktif", "terjadwal", "selesai"


def plt_for_admin(user) -> QuerySet[PenugasanPlt]:
    """Assignments of the units the admin may manage."""
    if user.peran == Peran.ADMIN_NASIONAL:
        return PenugasanPlt.objects.all()
    if user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        return PenugasanPlt.objects.filter(unit_kerja__instansi_id=user.instansi_id)
    return PenugasanPlt.objects.none()


def with_status(qs: QuerySet[PenugasanPlt], on: datetime.date) -> QuerySet[PenugasanPlt]:
    """Annotate `status`: "selesai" (ended before the date), "terjadwal" (starts after it) or "aktif"."""
    return qs.annotate(
        status=Case(
            When(tanggal_selesai__lt=on, then=Value(STATUS_SELESAI)),
            When(tanggal_mulai__gt=on, then=Value(STATUS_TERJADWAL)),
            default=Value(STATUS_AKTIF),
            output_field=CharField(),
        )
    )


def plt_list(
    *, instansi: Instansi, status: str = "aktif", q: str = "", on: datetime.date | None = None
) -> QuerySet[PenugasanPlt]:
    """Assignments of an instansi's units, newest first. `status`: "aktif" (not ended, scheduled included),
    "selesai" or "semua". `q` matches the employee's name or NIP, or the unit's name."""
    on = on or atasan.today()
    qs = PenugasanPlt.objects.filter(unit_kerja__instansi=instansi)
    if status == "aktif":
        qs = qs.filter(Q(tanggal_selesai__isnull=True) | Q(tanggal_selesai__gte=on))
    elif status == "selesai":
        qs = qs.filter(tanggal_selesai__lt=on)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(pegawai__nama__icontains=q) | Q(pegawai__nip__startswith=q) | Q(unit_kerja__nama__icontains=q)
        )
    qs = qs.select_related("pegawai", "unit_kerja")
    return with_status(qs, on).order_by("-tanggal_mulai", "-pk")


def pegawai_search(*, user, q: str, instansi: int | None = None, limit: int = 20) -> list[Pegawai]:
    """Active employees whose NIP starts with, or whose name contains, `q` (2 characters at least),
    inside the admin's instansi (the national admin may narrow to one with `instansi`)."""
    q = (q or "").strip()
    if len(q) < 2:
        return []
    if user.peran == Peran.ADMIN_NASIONAL:
        qs = Pegawai.objects.filter(instansi_id=instansi) if instansi else Pegawai.objects.all()
    elif user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        qs = Pegawai.objects.filter(instansi_id=user.instansi_id)
    else:
        return []
    match = Q(nip__startswith=q) if q.isdigit() else Q(nama__icontains=q)
    return list(qs.filter(match, aktif=True).order_by("nama", "nip")[:limit])
