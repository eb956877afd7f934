"""Keeping the dashboard summary (`RingkasanUnit`) current.

`tandai(instansi_id=…, tahun=…, unit_ids=…)` is called by every service that changes what the dashboards count
(an SKP's status, period or unit; an assessment added or removed, its realisasi, its predikat; a period's dates),
inside the service's transaction. It recounts the rows of the touched units for that year from the source tables
— a few grouped queries over one unit's people, served by indexes — and upserts them. On PostgreSQL a
transaction-level advisory lock per (unit, tahun) makes concurrent writers in the same unit recount one after the
other, each seeing the other's committed change, so the summary never loses an update.

`hitung_instansi` recounts a whole instansi-year (used after bulk loads: demo, import, synthetic nation, and by
`manage.py rekap_hitung`, which also repairs the summary after data was changed outside the services).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q

from . import rules
from .models import Penilaian, PeriodePenilaian, Realisasi
from .models_ringkasan import ANGKA_FIELDS, RingkasanSkp, RingkasanUnit

SKP_STATUS = ("DRAFT", "PENGAJUAN", "PERSETUJUAN")

_LOCK_SPACE = 7_000_000  # advisory lock key space of this module: key = space + tahun, second key = unit id
_CHUNK = 2000


def _periode_tahun(
    instansi_id: int, tahun: int
) -> list[tuple[PeriodePenilaian, datetime.date, datetime.date]]:
    """The instansi's periods that apply to `tahun`, with their dates in that year."""
    result = []
    for p in PeriodePenilaian.objects.filter(Q(tahun=tahun) | Q(tahun__isnull=True), instansi_id=instansi_id):
        awal, akhir, _ = p.tanggal(tahun)
        result.append((p, awal, akhir))
    return result


def _lock(unit_ids: list[int], tahun: int) -> None:
    if connection.vendor != "postgresql" or not unit_ids:
        return  # SQLite serialises writers already
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_advisory_xact_lock(%s, u) FROM unnest(%s::int[]) AS u ORDER BY u",
            [_LOCK_SPACE + tahun, sorted(unit_ids)],
        )


def _skp_counts(instansi_id: int, tahun: int, periods, unit_ids: list[int] | None) -> dict:
    """{(unit_id, periode_id): approved SKPs overlapping the period} — one grouped query."""
    from kinerja.skp.models import Skp, Status

    if not periods:
        return {}
    qs = Skp.objects.filter(
        instansi_id=instansi_id,
        status=Status.PERSETUJUAN,
        periode_awal__lte=datetime.date(tahun, 12, 31),
        periode_akhir__gte=datetime.date(tahun, 1, 1),
    )
    if unit_ids is not None:
        qs = qs.filter(unit_kerja_id__in=unit_ids)
    agg = {
        f"p{p.pk}": Count("id", filter=Q(periode_awal__lte=akhir, periode_akhir__gte=awal))
        for p, awal, akhir in periods
    }
    result = {}
    for row in qs.values("unit_kerja_id").annotate(**agg).order_by():
        for p, _, _ in periods:
            result[(row["unit_kerja_id"], p.pk)] = row[f"p{p.pk}"]
    return result


def _penilaian_counts(instansi_id: int, tahun: int, unit_ids: list[int] | None) -> dict:
    """{(unit_id, periode_id): {metric: n}} — one grouped query."""
    ada = Exists(Realisasi.objects.filter(penilaian=OuterRef("pk")))
    qs = Penilaian.objects.filter(skp__instansi_id=instansi_id, tahun=tahun)
    if unit_ids is not None:
        qs = qs.filter(skp__unit_kerja_id__in=unit_ids)
    agg = {
        "ditambah": Count("id"),
        "realisasi": Count("id", filter=Q(ada)),
        "dinilai": Count("id", filter=~Q(predikat="")),
        **{f"predikat_{p}": Count("id", filter=Q(predikat=p)) for p in rules.PREDIKAT_ORDER},
    }
    result = {}
    for row in qs.values("skp__unit_kerja_id", "periode_id").annotate(**agg).order_by():
        angka = {k: row[k] for k in agg}
        angka["tanpa_realisasi"] = angka["ditambah"] - angka["realisasi"]
        result[(row["skp__unit_kerja_id"], row["periode_id"])] = angka
    return result


def _rows(instansi_id: int, tahun: int, unit_ids: list[int] | None) -> list[RingkasanUnit]:
    periods = _periode_tahun(instansi_id, tahun)
    skp = _skp_counts(instansi_id, tahun, periods, unit_ids)
    nilai = _penilaian_counts(instansi_id, tahun, unit_ids)
    jenis = {p.pk: p.jenis for p, _, _ in periods}
    keys = set(skp) | {k for k in nilai if k[1] in jenis}
    if unit_ids is not None:  # touched units get a row per period even when everything went back to zero
        keys |= {(u, p) for u in unit_ids for p in jenis}
    rows = []
    for unit_id, periode_id in keys:
        angka = dict.fromkeys(ANGKA_FIELDS, 0) | nilai.get((unit_id, periode_id), {})
        angka["skp"] = skp.get((unit_id, periode_id), 0)
        rows.append(
            RingkasanUnit(
                instansi_id=instansi_id,
                unit_kerja_id=unit_id,
                periode_id=periode_id,
                tahun=tahun,
                jenis=jenis[periode_id],
                **angka,
            )
        )
    return rows


def _rows_skp(instansi_id: int, tahun: int, unit_ids: list[int] | None) -> list[RingkasanSkp]:
    """Rekap SKP rows: SKPs starting in `tahun` per unit and status — one grouped query."""
    from kinerja.skp.models import Skp

    qs = Skp.objects.filter(
        instansi_id=instansi_id,
        periode_awal__gte=datetime.date(tahun, 1, 1),
        periode_awal__lte=datetime.date(tahun, 12, 31),
    )
    if unit_ids is not None:
        qs = qs.filter(unit_kerja_id__in=unit_ids)
    agg = {s.lower(): Count("id", filter=Q(status=s)) for s in SKP_STATUS}
    found = {
        r["unit_kerja_id"]: r
        for r in qs.values("unit_kerja_id").annotate(total=Count("id"), **agg).order_by()
    }
    units = set(found) | set(unit_ids or ())
    empty = dict.fromkeys(["total", *agg], 0)
    return [
        RingkasanSkp(
            instansi_id=instansi_id,
            unit_kerja_id=u,
            tahun=tahun,
            **{k: found.get(u, empty)[k] for k in empty},
        )
        for u in units
    ]


def _upsert(rows: list[RingkasanUnit], skp_rows: list[RingkasanSkp]) -> None:
    RingkasanUnit.objects.bulk_create(
        rows,
        batch_size=_CHUNK,
        update_conflicts=True,
        unique_fields=["unit_kerja", "periode", "tahun"],
        update_fields=[*ANGKA_FIELDS, "jenis", "instansi", "diperbarui_pada"],
    )
    RingkasanSkp.objects.bulk_create(
        skp_rows,
        batch_size=_CHUNK,
        update_conflicts=True,
        unique_fields=["unit_kerja", "tahun"],
        update_fields=["draft", "pengajuan", "persetujuan", "total", "instansi", "diperbarui_pada"],
    )


def tandai(
    *,
    instansi_id: int,
    tahun: int | Iterable[int],
    unit_ids: Iterable[int | None] | None = None,
    rekap_skp: bool = True,
) -> None:
    """Recount the summary of `unit_ids` (all units of the instansi when None) for `tahun`, in this transaction.

    `rekap_skp=False` when only assessments changed (the Rekap SKP rows count SKPs by status)."""
    years = [tahun] if isinstance(tahun, int) else sorted(set(tahun))
    if unit_ids is None:
        for year in years:
            hitung_instansi(instansi_id=instansi_id, tahun=year)
        return
    units = sorted({u for u in unit_ids if u})
    if not units:
        return
    with transaction.atomic():
        for year in years:
            _lock(units, year)
            _upsert(_rows(instansi_id, year, units), _rows_skp(instansi_id, year, units) if rekap_skp else [])


def tandai_skp(skp) -> None:
    """Shorthand for services that changed one SKP (its unit, status or dates)."""
    tandai(
        instansi_id=skp.instansi_id,
        tahun=range(skp.periode_awal.year, skp.periode_akhir.year + 1),
        unit_ids=[skp.unit_kerja_id],
    )


@transaction.atomic
def hitung_instansi(*, instansi_id: int, tahun: int) -> int:
    """Recount every row of an instansi-year from the source tables; returns the number of rows kept."""
    rows, skp_rows = _rows(instansi_id, tahun, None), _rows_skp(instansi_id, tahun, None)
    _hapus_sisa(
        RingkasanUnit, instansi_id, tahun, {(r.unit_kerja_id, r.periode_id) for r in rows}, "periode_id"
    )
    _hapus_sisa(RingkasanSkp, instansi_id, tahun, {(r.unit_kerja_id, None) for r in skp_rows}, None)
    _upsert(rows, skp_rows)
    return len(rows) + len(skp_rows)


def _hapus_sisa(model, instansi_id: int, tahun: int, keep: set, second: str | None) -> None:
    """Delete the rows of an instansi-year that the recount no longer produces."""
    fields = ["pk", "unit_kerja_id", *([second] if second else [])]
    stale = [
        row[0]
        for row in model.objects.filter(instansi_id=instansi_id, tahun=tahun).values_list(*fields)
        if (row[1], row[2] if second else None) not in keep
    ]
    for start in range(0, len(stale), _CHUNK):
        model.objects.filter(pk__in=stale[start : start + _CHUNK]).delete()


def hitung_semua(*, tahun: int | None = None, instansi_ids: Iterable[int] | None = None) -> int:
    """Recount every instansi (and every year with data, or `tahun`); one transaction per instansi-year."""
    from kinerja.org.models import Instansi
    from kinerja.skp.models import Skp

    ids = (
        list(instansi_ids)
        if instansi_ids is not None
        else list(Instansi.objects.values_list("pk", flat=True))
    )
    total = 0
    for instansi_id in ids:
        if tahun is not None:
            years = [tahun]
        else:
            years = sorted(
                set(Penilaian.objects.filter(skp__instansi_id=instansi_id).values_list("tahun", flat=True))
                | {d.year for d in Skp.objects.filter(instansi_id=instansi_id).dates("periode_awal", "year")}
            )
        for year in years:
            total += hitung_instansi(instansi_id=instansi_id, tahun=year)
    return total


def tandai_periode(periode: PeriodePenilaian) -> None:
    """After a period was created, changed or deleted: recount its instansi for the years it applies to."""
    from django.utils import timezone

    if periode.tahun:
        years = {periode.tahun}
    else:
        years = {timezone.localdate().year}
        if periode.pk:
            years |= set(Penilaian.objects.filter(periode=periode).values_list("tahun", flat=True).distinct())
    tandai(instansi_id=periode.instansi_id, tahun=years)
