"""SKP Bawahan and the Matriks Peran Hasil of a leader's SKP."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Prefetch, Q, QuerySet, When

from ..models import Indikator, JenisRhk, MatriksAnggota, Rhk, Skp
from .detail import skp_base


def _overlapping(skp: Skp) -> Q:
    return Q(periode_awal__lte=skp.periode_akhir, periode_akhir__gte=skp.periode_awal)


def skp_bawahan(skp_pimpinan: Skp) -> QuerySet[Skp]:
    """SKPs whose pejabat penilai is the owner of `skp_pimpinan`, acting for the same unit, in an overlapping period."""
    return (
        skp_base()
        .filter(
            _overlapping(skp_pimpinan),
            penilai_id=skp_pimpinan.pegawai_id,
            penilai_unit_kerja_id=skp_pimpinan.unit_kerja_id,
        )  # fmt: skip
        .exclude(pk=skp_pimpinan.pk)
        .order_by("pegawai_unit", "pegawai_nama", "periode_awal")
    )


@dataclass
class Kolom:
    rhk: Rhk  # one of the leader's RHK, with its indicators prefetched


@dataclass
class Baris:
    skp: Skp
    ditambahkan: MatriksAnggota | None  # set when added by NIP (Tambah Pegawai)
    sel: dict[int, list[Rhk]]  # leader RHK id -> the row's RHK intervening it


@dataclass
class Matriks:
    skp: Skp
    kolom: list[Kolom]
    baris: list[Baris]


def _indikator() -> Prefetch:
    return Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "id"))


def matriks(skp_pimpinan: Skp) -> Matriks:
    """Matriks Peran Hasil: columns = my RHK with indicators, rows = my subordinates' SKPs (plus those added by
    NIP), cells = their RHK intervening each of my RHK. A constant number of queries."""
    kolom = [
        Kolom(r)
        for r in Rhk.objects.filter(skp=skp_pimpinan)
        .prefetch_related(_indikator())
        .order_by(Case(When(jenis=JenisRhk.UTAMA, then=0), default=1), "urutan", "id")  # Utama first
    ]
    rows = list(skp_bawahan(skp_pimpinan))
    added = {
        m.skp_anggota_id: m
        for m in MatriksAnggota.objects.filter(skp_pimpinan=skp_pimpinan).select_related(
            "skp_anggota__pegawai", "skp_anggota__penilai", "skp_anggota__unit_kerja", "skp_anggota__instansi",
            "skp_anggota__penugasan_plt__unit_kerja",
        )
    }  # fmt: skip
    seen = {s.pk for s in rows}
    rows += [m.skp_anggota for pk, m in added.items() if pk not in seen]
    cells: dict[int, dict[int, list[Rhk]]] = {s.pk: {} for s in rows}
    for rhk in (
        Rhk.objects.filter(skp_id__in=cells.keys(), rhk_atasan__skp=skp_pimpinan)
        .prefetch_related(_indikator())
        .order_by("urutan", "id")
    ):
        cells[rhk.skp_id].setdefault(rhk.rhk_atasan_id, []).append(rhk)
    return Matriks(
        skp=skp_pimpinan,
        kolom=kolom,
        baris=[Baris(s, added.get(s.pk), cells[s.pk]) for s in rows],
    )
