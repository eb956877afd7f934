"""Reads of Cetak SKP Massal: which SKPs a job prints, the print context of a batch of SKPs in a constant number
of queries, and an admin's jobs (404 outside their instansi)."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from kinerja.harian import pengaturan as harian_pengaturan
from kinerja.harian.models import Tahapan
from kinerja.org.models import Instansi, UnitKerja
from kinerja.org.selectors.scope import instansi_for_admin
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import (
    EkspektasiPimpinan,
    Indikator,
    JenisLampiran,
    JenisRhk,
    LampiranItem,
    Rhk,
    Skp,
    Status,
)
from kinerja.skp.selectors.detail import DetailSkp, Perilaku, skp_base
from kinerja.skp.views.cetak import cetak_context, tanggal_ttd_many

from .models import JobCetak


def skp_untuk_cetak(instansi: Instansi, tahun: int, unit: UnitKerja | None = None) -> QuerySet[Skp]:
    """The approved SKPs of the instansi whose period starts in `tahun`, in the unit and its sub units when a unit
    is given; in print order (unit tree, then NIP, then period)."""
    qs = Skp.objects.filter(
        instansi=instansi,
        status=Status.PERSETUJUAN,
        periode_awal__gte=datetime.date(tahun, 1, 1),
        periode_awal__lte=datetime.date(tahun, 12, 31),
    )
    if unit is not None:
        qs = qs.filter(unit_kerja__path__startswith=unit.path)
    return qs.order_by("unit_kerja__path", "pegawai_nip", "periode_awal", "id")


def detail_skp_batch(skps: list[Skp], *, tahapan_aktif: bool) -> dict[int, DetailSkp]:
    """`skp.selectors.detail.detail_skp` for many SKPs at once: 4 queries (5 with the Tahapan) for any number."""
    ids = [skp.pk for skp in skps]
    prefetch = [Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "id"))]
    if tahapan_aktif:
        prefetch.append(Prefetch("tahapan", queryset=Tahapan.objects.order_by("urutan", "id")))
    rhk_per_skp: dict[int, list[Rhk]] = {pk: [] for pk in ids}
    rhk_qs = Rhk.objects.filter(skp_id__in=ids).select_related("rhk_atasan").prefetch_related(*prefetch)
    for rhk in rhk_qs.order_by("skp_id", "urutan", "id"):
        rhk_per_skp[rhk.skp_id].append(rhk)
    ekspektasi: dict[int, dict[int, str]] = {pk: {} for pk in ids}
    for e in EkspektasiPimpinan.objects.filter(skp_id__in=ids):
        ekspektasi[e.skp_id][e.nilai] = e.teks
    lampiran = {pk: {jenis: [] for jenis in JenisLampiran.values} for pk in ids}
    for item in LampiranItem.objects.filter(skp_id__in=ids).order_by("skp_id", "urutan", "id"):
        lampiran[item.skp_id][item.jenis].append(item)
    result = {}
    for skp in skps:
        rhk = rhk_per_skp[skp.pk]
        result[skp.pk] = DetailSkp(
            skp=skp,
            utama=[r for r in rhk if r.jenis == JenisRhk.UTAMA],
            tambahan=[r for r in rhk if r.jenis == JenisRhk.TAMBAHAN],
            perilaku=[
                Perilaku(i, nilai, perilaku, ekspektasi[skp.pk].get(i, ""))
                for i, (nilai, perilaku) in enumerate(skp_rules.BERAKHLAK, start=1)
            ],
            lampiran=lampiran[skp.pk],
            tahapan_aktif=tahapan_aktif,
        )
    return result


def konteks_cetak_batch(skp_ids: list[int], *, instansi_id: int) -> dict[int, dict]:
    """The Cetak SKP context of each SKP in `skp_ids` that still exists in the instansi (a deleted one is simply
    absent from the result): 7 queries for the whole batch (8 with kinerja harian on), whatever its size."""
    skps = list(skp_base().filter(pk__in=skp_ids, instansi_id=instansi_id))
    if not skps:
        return {}
    details = detail_skp_batch(skps, tahapan_aktif=harian_pengaturan.aktif(instansi_id))
    tanggal = tanggal_ttd_many(skps)
    return {skp.pk: cetak_context(details[skp.pk], tanggal=tanggal[skp.pk]) for skp in skps}


def job_cetak_for_admin(user, pk: int) -> JobCetak:
    """A print job of an instansi the admin manages; 404 otherwise (no hint that it exists)."""
    qs = (
        JobCetak.objects.filter(instansi__in=instansi_for_admin(user))
        .select_related("instansi", "dimulai_oleh")
        .defer("skp_ids")
    )
    return get_object_or_404(qs, pk=pk)


def job_cetak_terakhir(user, instansi: Instansi | None, n: int = 10) -> list[JobCetak]:
    """The admin's latest print jobs (one instansi, or every instansi for the national admin with none chosen)."""
    qs = JobCetak.objects.filter(instansi__in=instansi_for_admin(user))
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    return list(qs.select_related("instansi", "dimulai_oleh").defer("skp_ids")[:n])
