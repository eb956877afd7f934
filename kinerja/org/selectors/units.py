"""Reads behind Manajemen Unit Kerja: the tree with leaders and head counts, units without a leader."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .. import atasan
from ..models import Instansi, JenisPegawai, Pegawai, PenugasanPlt, UnitKerja, active_assignment_q

STATUS_CHOICES = (("", "Semua status"), ("aktif", "Aktif"), ("nonaktif", "Nonaktif"))


def _with_jumlah_pegawai(qs: QuerySet[UnitKerja]) -> QuerySet[UnitKerja]:
    return qs.annotate(jumlah_pegawai=Count("pegawai", filter=Q(pegawai__aktif=True)))


def unit_tree(*, instansi: Instansi, q: str = "", status: str = "") -> QuerySet[UnitKerja]:
    """The units of an instansi in tree order (by `path`), each with `jumlah_pegawai` (active employees).

    `q` matches the name or the ID; `status` is "aktif", "nonaktif" or empty for both.
    """
    qs = UnitKerja.objects.filter(instansi=instansi)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(id_unor__icontains=q))
    if status == "aktif":
        qs = qs.filter(aktif=True)
    elif status == "nonaktif":
        qs = qs.filter(aktif=False)
    return _with_jumlah_pegawai(qs).order_by("path")


def with_pimpinan(units: Iterable[UnitKerja], on: datetime.date | None = None) -> list[UnitKerja]:
    """Set `unit.pimpinan` (an `atasan.Pimpinan` or None) on each unit, in two queries for all of them."""
    units = list(units)
    leaders = atasan.pimpinan_of_units([u.pk for u in units], on)
    for unit in units:
        unit.pimpinan = leaders.get(unit.pk)
    return units


def units_tanpa_pimpinan(*, instansi: Instansi, on: datetime.date | None = None) -> QuerySet[UnitKerja]:
    """Active units with no claimed definitive leader and no PLT/PLH on the date (RULES.md §8),
    with their parent and `jumlah_pegawai`. Mirrors `atasan.pimpinan_of_units`."""
    on = on or atasan.today()
    definitive = Pegawai.objects.filter(
        unit_kerja_id=OuterRef("pk"), jenis_pegawai=JenisPegawai.PIMPINAN, aktif=True
    )
    acting = PenugasanPlt.objects.filter(
        active_assignment_q(on), unit_kerja_id=OuterRef("pk"), pegawai__aktif=True
    )
    qs = (
        UnitKerja.objects.filter(instansi=instansi, aktif=True)
        .exclude(Exists(definitive))
        .exclude(Exists(acting))
        .select_related("parent")
    )
    return _with_jumlah_pegawai(qs).order_by("path")


@dataclass(frozen=True)
class UnitUsage:
    pegawai: int  # active employees in the unit
    sub_unit: int  # active child units
    penugasan: int  # PLT/PLH assignments not yet ended


def unit_usage(unit: UnitKerja, on: datetime.date | None = None) -> UnitUsage:
    """What keeps a unit from being deactivated."""
    on = on or atasan.today()
    return UnitUsage(
        pegawai=Pegawai.objects.filter(unit_kerja=unit, aktif=True).count(),
        sub_unit=UnitKerja.objects.filter(parent=unit, aktif=True).count(),
        penugasan=PenugasanPlt.objects.filter(unit_kerja=unit)
        .filter(Q(tanggal_selesai__isnull=True) | Q(tanggal_selesai__gte=on))
        .count(),
    )


def ancestors_of(unit: UnitKerja) -> list[UnitKerja]:
    """The chain from the root down to the unit's parent."""
    return atasan.ancestors(unit)[:-1]
