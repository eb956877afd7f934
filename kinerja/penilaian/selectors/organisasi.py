"""Capaian (predikat) organisasi of units, with the Unit Kerja Induk fallback, and the review of a Sangat Baik.

"Nilai Capaian Organisasi akan menggunakan Nilai Capaian dari Unit Kerja Induk, kecuali Unit Kerja mempunyai
Capaian Organisasi sendiri." (seed 003). Applied up the chain: a unit without its own value takes the value of
its nearest Unit Kerja Induk (JPT / Mandiri) above it, which in turn may take its own induk's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from kinerja.org.models import UnitKerja

from .. import rules
from ..models import CapaianOrganisasi, Penilaian, PeriodePenilaian, ReviewSangatBaik, StatusReview

Capaian = tuple[str | None, UnitKerja | None]  # (predikat organisasi, the unit it comes from)


def _ids(unit: UnitKerja) -> list[int]:
    """The unit's ancestors and itself, root first (from its path: no query)."""
    return unit.ancestor_ids or [unit.pk]


def _pick(unit: UnitKerja, rows: dict[int, CapaianOrganisasi]) -> Capaian:
    """The unit's own value, else that of the nearest Unit Kerja Induk above it that has one."""
    own = rows.get(unit.pk)
    if own is not None:
        return own.predikat, own.unit_kerja
    for unit_id in reversed(_ids(unit)[:-1]):
        row = rows.get(unit_id)
        if row is not None and row.unit_kerja.is_induk:
            return row.predikat, row.unit_kerja
    return None, None


def _rows(unit_ids: Iterable[int], periode, tahun: int) -> dict[int, CapaianOrganisasi]:
    periode_id = getattr(periode, "pk", periode)
    qs = CapaianOrganisasi.objects.filter(
        unit_kerja_id__in=set(unit_ids), periode_id=periode_id, tahun=tahun
    ).select_related("unit_kerja")
    return {row.unit_kerja_id: row for row in qs}


def capaian_untuk(unit: UnitKerja, periode: PeriodePenilaian | int, tahun: int) -> Capaian:
    """(predikat organisasi, source unit) of `unit` for a period of a year, or (None, None). One query."""
    return _pick(unit, _rows(_ids(unit), periode, tahun))


def capaian_untuk_banyak(
    units: Iterable[UnitKerja], periode: PeriodePenilaian | int, tahun: int
) -> dict[int, Capaian]:
    """`capaian_untuk` for many units at once, by unit id: one query whatever the number of units."""
    units = list(units)
    rows = _rows({i for u in units for i in _ids(u)}, periode, tahun)
    return {u.pk: _pick(u, rows) for u in units}


def capaian_per_periode(unit: UnitKerja, kunci: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Capaian]:
    """`capaian_untuk` of one unit for many (periode id, tahun) pairs at once: one query whatever their number."""
    kunci = set(kunci)
    if not kunci:
        return {}
    per_kunci: dict[tuple[int, int], dict[int, CapaianOrganisasi]] = {k: {} for k in kunci}
    qs = CapaianOrganisasi.objects.filter(
        unit_kerja_id__in=_ids(unit),
        periode_id__in={periode for periode, _ in kunci},
        tahun__in={tahun for _, tahun in kunci},
    ).select_related("unit_kerja")
    for row in qs:
        if (row.periode_id, row.tahun) in per_kunci:
            per_kunci[(row.periode_id, row.tahun)][row.unit_kerja_id] = row
    return {k: _pick(unit, rows) for k, rows in per_kunci.items()}


def capaian_sendiri(unit_ids: Iterable[int], periode, tahun: int) -> dict[int, str]:
    """The units' own predikat organisasi (no fallback), by unit id: one query."""
    qs = CapaianOrganisasi.objects.filter(
        unit_kerja_id__in=list(unit_ids), periode_id=getattr(periode, "pk", periode), tahun=tahun
    )
    return dict(qs.values_list("unit_kerja_id", "predikat"))


def label(predikat: str | None) -> str:
    return rules.PREDIKAT_ORGANISASI_LABEL.get(predikat or "", "-")


@dataclass(frozen=True)
class BarisCapaian:
    unit: UnitKerja
    sendiri: str  # the unit's own predikat ("" when none)
    efektif: str | None  # what applies (own or inherited)
    sumber: UnitKerja | None  # where the effective value comes from

    @property
    def diwarisi(self) -> bool:
        return bool(self.efektif) and not self.sendiri


def capaian_units(*, instansi, q: str = "") -> QuerySet[UnitKerja]:
    """The active units of the Capaian Organisasi page, in tree order (paginate it)."""
    qs = UnitKerja.objects.filter(instansi=instansi, aktif=True)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(id_unor__icontains=q))
    return qs.order_by("path")


def capaian_baris(units: Iterable[UnitKerja], periode: PeriodePenilaian, tahun: int) -> list[BarisCapaian]:
    """One row per unit (a page of them): own and effective predikat. One query."""
    units = list(units)
    rows = _rows({i for u in units for i in _ids(u)}, periode, tahun)
    result = []
    for unit in units:
        efektif, sumber = _pick(unit, rows)
        own = rows.get(unit.pk)
        result.append(BarisCapaian(unit, own.predikat if own else "", efektif, sumber))
    return result


@dataclass(frozen=True)
class Review:
    """The Tim Penilai Kinerja's review of a Sangat Baik predikat, as others display it."""

    status: str
    status_label: str
    catatan: str
    oleh: str
    pada: object  # datetime
    dinilai_ulang: bool  # the assessor rated again after the review

    @property
    def dikembalikan(self) -> bool:
        return self.status == StatusReview.DIKEMBALIKAN


def _as_review(review: ReviewSangatBaik, penilaian: Penilaian) -> Review:
    oleh = (review.oleh.get_full_name() or review.oleh.username) if review.oleh else "-"
    return Review(
        status=review.status,
        status_label=review.get_status_display(),
        catatan=review.catatan,
        oleh=oleh,
        pada=review.diubah_pada,
        dinilai_ulang=bool(penilaian.dinilai_pada and penilaian.dinilai_pada > review.diubah_pada),
    )


def review_untuk(penilaian: Penilaian) -> Review | None:
    """The review of this assessment (a note to the assessor when returned), or None. One query at most."""
    review = ReviewSangatBaik.objects.select_related("oleh").filter(penilaian_id=penilaian.pk).first()
    return _as_review(review, penilaian) if review else None
