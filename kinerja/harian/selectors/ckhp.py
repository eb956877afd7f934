"""Reads of the CKHP pages: the owner's entries of one SKP and month, and the assessor's Kinerja Bawahan.

Every read is filtered by right (the owner's SKPs; the SKPs the user assesses) and loads its relations in a fixed
number of queries, whatever the number of entries or subordinates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from kinerja.skp.models import Indikator, JenisRhk, Skp, Status, Sumber

from .. import rules
from ..models import CatatanHarian

JENIS = (JenisRhk.UTAMA, JenisRhk.TAMBAHAN)


def skp_pemilik(user) -> QuerySet[Skp]:
    """The user's approved SKPs from e-Kinerja (entries are made on these), latest period first."""
    return Skp.objects.filter(
        pegawai__user_id=user.pk, status=Status.PERSETUJUAN, sumber=Sumber.EKINERJA
    ).order_by("-periode_awal", "-id")


def skp_hari_ini(skps: list[Skp], hari_ini: datetime.date) -> Skp | None:
    """The SKP whose period covers today, else the latest one."""
    for skp in skps:
        if skp.periode_awal <= hari_ini <= skp.periode_akhir:
            return skp
    return skps[0] if skps else None


def bulan_skp(skp: Skp) -> list[tuple[int, int]]:
    """The (year, month) pairs an SKP period touches."""
    return [
        (skp.periode_awal.year, b) for b in rules.bulan_dalam_periode(skp.periode_awal, skp.periode_akhir)
    ]


def bulan_bawaan(skp: Skp, hari_ini: datetime.date) -> int:
    """Today's month when inside the SKP, else the nearest end of the period."""
    tanggal = min(max(hari_ini, skp.periode_awal), skp.periode_akhir)
    return tanggal.month


def catatan_pemilik(user) -> QuerySet[CatatanHarian]:
    return CatatanHarian.objects.filter(pegawai__user_id=user.pk).select_related("skp", "indikator__rhk")


@dataclass
class Kelompok:
    jenis: str
    label: str
    baris: list[CatatanHarian] = field(default_factory=list)


def catatan_bulan(skp: Skp, tahun: int, bulan: int) -> list[Kelompok]:
    """The SKP's entries of one month grouped UTAMA / TAMBAHAN, by date (one query)."""
    rows = (
        CatatanHarian.objects.filter(skp=skp, tanggal__year=tahun, tanggal__month=bulan)
        .select_related("indikator__rhk", "diperiksa_oleh")
        .order_by("tanggal", "id")
    )
    groups = {j: Kelompok(j, JenisRhk(j).label.upper()) for j in JENIS}
    for row in rows:
        groups.get(row.indikator.rhk.jenis, groups[JenisRhk.UTAMA]).baris.append(row)
    return list(groups.values())


def indikator_skp(skp: Skp, jenis: str | None = None) -> QuerySet[Indikator]:
    qs = (
        Indikator.objects.filter(rhk__skp=skp)
        .select_related("rhk")
        .order_by("rhk__urutan", "rhk_id", "urutan", "id")
    )
    return qs.filter(rhk__jenis=jenis) if jenis else qs


# --- Kinerja Bawahan ---------------------------------------------------------------------------------------------


def catatan_bawahan(user) -> QuerySet[CatatanHarian]:
    """Entries on the SKPs the user assesses (pejabat penilai), in instansi with the feature on."""
    if not user.is_authenticated:
        return CatatanHarian.objects.none()
    return CatatanHarian.objects.filter(
        skp__penilai__user_id=user.pk, skp__instansi__pengaturan_harian__aktif=True
    ).select_related("skp", "indikator__rhk", "pegawai")


@dataclass
class Hari:
    tanggal: datetime.date
    baris: list[CatatanHarian] = field(default_factory=list)


@dataclass
class Orang:
    pegawai_id: int
    nama: str
    nip: str
    jabatan: str
    hari: list[Hari] = field(default_factory=list)
    jumlah: int = 0


def bawahan_bulan(user, tahun: int, bulan: int, *, status: str = "", pegawai_id: int | None = None):
    """Kinerja Bawahan of one month: (people with their entries grouped by day, counts per person).

    The counts (for the person filter) ignore the person filter; both are one query each."""
    base = catatan_bawahan(user).filter(tanggal__year=tahun, tanggal__month=bulan)
    if status:
        base = base.filter(status=status)
    counts = list(
        base.values("pegawai_id", "pegawai__nama", "pegawai__nip")
        .annotate(jumlah=Count("id"), periksa=Count("id", filter=Q(status=rules.PERIKSA)))
        .order_by("pegawai__nama", "pegawai_id")
    )
    rows = base.filter(pegawai_id=pegawai_id) if pegawai_id else base
    orang: dict[int, Orang] = {}
    for row in rows.order_by("pegawai__nama", "pegawai_id", "tanggal", "id"):
        person = orang.get(row.pegawai_id)
        if person is None:
            person = orang[row.pegawai_id] = Orang(
                row.pegawai_id, row.pegawai.nama_lengkap, row.pegawai.nip, row.skp.pegawai_jabatan
            )
        if not person.hari or person.hari[-1].tanggal != row.tanggal:
            person.hari.append(Hari(row.tanggal))
        person.hari[-1].baris.append(row)
        person.jumlah += 1
    return list(orang.values()), counts
