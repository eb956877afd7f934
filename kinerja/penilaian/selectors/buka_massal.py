"""Reads of Buka Kembali per Unit Kerja: the assessments of one period of a year whose SKP sits in a unit (and,
when asked, its sub-units). The service locks these rows; the page counts them before the admin confirms."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from kinerja.org.models import Instansi, UnitKerja

from ..models import Penilaian, PeriodePenilaian


def penilaian_unit(
    *, instansi: Instansi, periode: PeriodePenilaian, tahun: int, unit: UnitKerja, sub_unit: bool
) -> QuerySet[Penilaian]:
    qs = Penilaian.objects.filter(skp__instansi=instansi, periode=periode, tahun=tahun)
    if sub_unit:
        return qs.filter(skp__unit_kerja__path__startswith=unit.path)
    return qs.filter(skp__unit_kerja=unit)


def pratinjau(
    *,
    instansi: Instansi,
    periode: PeriodePenilaian,
    tahun: int,
    unit: UnitKerja,
    sub_unit: bool,
    sampai: datetime.date | None = None,
) -> dict[str, int]:
    """How many assessments are in scope, how many are already reopened, and (given `sampai`) how many would
    change. One query."""
    qs = penilaian_unit(instansi=instansi, periode=periode, tahun=tahun, unit=unit, sub_unit=sub_unit)
    counts = {"total": Count("pk"), "sudah_dibuka": Count("pk", filter=Q(dibuka_sampai__isnull=False))}
    if sampai:
        counts["sudah_sama"] = Count("pk", filter=Q(dibuka_sampai=sampai))
    return {"sudah_sama": 0, **qs.aggregate(**counts)}
