"""Reads behind the admin's assessment pages: Manajemen Periode, Review Sangat Baik, Rekap Keberatan, Dashboard.

Every list runs a constant number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kinerja.core.excel import Column
from kinerja.org.models import Instansi, Peran, UnitKerja
from kinerja.skp.models import Indikator, Rhk, Skp, Status

from .. import rules
from ..models import (
    BuktiDukung,
    FeedbackIndikator,
    Keberatan,
    KeputusanKeberatan,
    Penilaian,
    PeriodePenilaian,
    Realisasi,
    RingkasanUnit,
    StatusKeberatan,
)
from ..models_ringkasan import ANGKA_FIELDS


def penilaian_for_admin(user) -> QuerySet[Penilaian]:
    """Assessments the admin may read: all for the national admin, the own instansi's for an instansi admin."""
    if user.peran == Peran.ADMIN_NASIONAL:
        return Penilaian.objects.all()
    if user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        return Penilaian.objects.filter(skp__instansi_id=user.instansi_id)
    return Penilaian.objects.none()


def periode_for_admin(user) -> QuerySet[PeriodePenilaian]:
    if user.peran == Peran.ADMIN_NASIONAL:
        return PeriodePenilaian.objects.all()
    if user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        return PeriodePenilaian.objects.filter(instansi_id=user.instansi_id)
    return PeriodePenilaian.objects.none()


def _jumlah(model, fk: str, outer: str = "pk", **filters) -> Coalesce:
    """A correlated COUNT(*) of `model` rows whose `fk` is the outer row's `outer`."""
    sub = (
        model.objects.filter(**{fk: OuterRef(outer)}, **filters)
        .order_by()
        .values(fk)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


# --- Manajemen Periode -------------------------------------------------------------------------------------


def periode_list(*, instansi: Instansi, tahun: int | None = None) -> QuerySet[PeriodePenilaian]:
    """The instansi's periods (those applying to `tahun` when given), each with `jumlah_penilaian`."""
    qs = PeriodePenilaian.objects.filter(instansi=instansi)
    if tahun:
        qs = qs.filter(Q(tahun=tahun) | Q(tahun__isnull=True))
    return qs.annotate(jumlah_penilaian=_jumlah(Penilaian, "periode")).order_by(
        "tahun", "-jenis", "tipe_periodik", "angka_periodik", "awal", "id"
    )  # periodic before Final


def periode_for_year(instansi_id: int, tahun: int) -> QuerySet[PeriodePenilaian]:
    """The periods that apply to a year, periodic first, in their order (for pickers)."""
    return PeriodePenilaian.objects.filter(
        Q(tahun=tahun) | Q(tahun__isnull=True), instansi_id=instansi_id
    ).order_by("-jenis", "angka_periodik", "awal", "id")


def prasyarat(*, instansi: Instansi, tahun: int) -> list[str]:
    """The seed's messages for the instansi's set of periods of a year (empty when the set is sound)."""
    periods = PeriodePenilaian.objects.filter(instansi=instansi).values_list(
        "jenis", "tipe_periodik", "angka_periodik", "tahun"
    )
    data = [rules.PeriodeData(j, t or None, a, y) for j, t, a, y in periods]
    return rules.periode_set_problems(data, tahun)


# --- Review Sangat Baik ------------------------------------------------------------------------------------

REVIEW_STATUS = (
    ("", "Semua"),
    ("BELUM", "Belum direview"),
    ("DIKONFIRMASI", "Dikonfirmasi"),
    ("DIKEMBALIKAN", "Dikembalikan"),
)


def review_list(
    *,
    user,
    instansi: Instansi | None = None,
    periode: PeriodePenilaian | None = None,
    tahun: int | None = None,
    unit: UnitKerja | None = None,
    status: str = "",
) -> QuerySet[Penilaian]:
    """Assessments rated Sangat Baik, with their evidence counts and the review, if any."""
    qs = penilaian_for_admin(user).filter(predikat=rules.SANGAT_BAIK)
    if instansi is not None:
        qs = qs.filter(skp__instansi=instansi)
    if periode is not None:
        qs = qs.filter(periode=periode)
    if tahun:
        qs = qs.filter(tahun=tahun)
    if unit is not None:
        qs = qs.filter(skp__unit_kerja__path__startswith=unit.path)
    if status == "BELUM":
        qs = qs.filter(review_sangat_baik__isnull=True)
    elif status:
        qs = qs.filter(review_sangat_baik__status=status)
    return (
        qs.select_related("skp", "periode", "review_sangat_baik")
        .annotate(
            jumlah_indikator=_jumlah(Indikator, "rhk__skp", "skp_id"),
            jumlah_realisasi=_jumlah(Realisasi, "penilaian"),
            jumlah_bukti=_jumlah(BuktiDukung, "penilaian"),
        )
        .order_by("-tahun", "skp__pegawai_nama", "periode__jenis", "awal", "id")
    )


@dataclass
class Bukti:
    rhk: list[Rhk] = field(default_factory=list)
    feedback: dict[int, FeedbackIndikator] = field(default_factory=dict)


def bukti_penilaian(penilaian: Penilaian) -> Bukti:
    """Every indicator of the SKP with this period's realisasi, bukti dukung and the assessor's feedback.
    Four queries."""
    indikator = Indikator.objects.prefetch_related(
        Prefetch("realisasi", queryset=Realisasi.objects.filter(penilaian=penilaian), to_attr="real"),
        Prefetch("bukti_dukung", queryset=BuktiDukung.objects.filter(penilaian=penilaian), to_attr="bukti"),
    )
    rhk = list(
        Rhk.objects.filter(skp_id=penilaian.skp_id)
        .prefetch_related(Prefetch("indikator", queryset=indikator))
        .order_by("jenis", "urutan", "id")
    )
    feedback = {f.indikator_id: f for f in FeedbackIndikator.objects.filter(penilaian=penilaian)}
    for r in rhk:
        for ind in r.indikator.all():
            ind.umpan_balik = feedback.get(ind.pk)
    return Bukti(rhk=rhk, feedback=feedback)


# --- Rekap Keberatan ---------------------------------------------------------------------------------------


def keberatan_list(
    *, user, instansi: Instansi | None = None, tahun: int | None = None, status: str = "", keputusan: str = ""
) -> QuerySet[Keberatan]:
    qs = Keberatan.objects.filter(penilaian__in=penilaian_for_admin(user))
    if instansi is not None:
        qs = qs.filter(penilaian__skp__instansi=instansi)
    if tahun:
        qs = qs.filter(penilaian__tahun=tahun)
    if status:
        qs = qs.filter(status=status)
    if keputusan:
        qs = qs.filter(keputusan=keputusan)
    return qs.select_related("penilaian__skp__instansi", "penilaian__periode").order_by(
        "-diajukan_pada", "-id"
    )


def keberatan_ringkasan(qs: QuerySet[Keberatan]) -> dict:
    """Filed, pending, decided and the outcomes, over the whole filtered set: one query."""
    return qs.aggregate(
        diajukan=Count("id"),
        menunggu=Count("id", filter=Q(status=StatusKeberatan.DIAJUKAN)),
        diputus=Count("id", filter=Q(status=StatusKeberatan.DIPUTUS)),
        dikuatkan=Count("id", filter=Q(keputusan=KeputusanKeberatan.DIKUATKAN)),
        diubah=Count("id", filter=Q(keputusan=KeputusanKeberatan.DIUBAH)),
    )


def keberatan_columns(*, with_instansi: bool) -> list[Column]:
    columns = [
        Column("NIP", 21),
        Column("Nama", 34),
        Column("Unit Kerja", 36),
        Column("Periode", 14),
        Column("Tahun", 8),
        Column("Diajukan Pada", 17),
        Column("Alasan Keberatan", 50),
        Column("Atasan Pejabat Penilai", 34),
        Column("Status", 10),
        Column("Predikat Semula", 16),
        Column("Keputusan", 18),
        Column("Predikat Baru", 16),
        Column("Alasan Keputusan", 50),
        Column("Diputus Pada", 17),
    ]
    return [*columns, Column("Instansi", 34)] if with_instansi else columns


def keberatan_rows(qs: QuerySet[Keberatan], *, with_instansi: bool) -> Iterator[tuple]:
    for k in qs.iterator(chunk_size=2000):
        p = k.penilaian
        row = (
            p.skp.pegawai_nip,
            p.skp.pegawai_nama,
            p.skp.pegawai_unit,
            p.periode.nama,
            p.tahun,
            k.diajukan_pada,
            k.alasan,
            k.atasan_nama,
            k.get_status_display(),
            k.get_predikat_semula_display(),
            k.get_keputusan_display() if k.keputusan else "",
            k.get_predikat_baru_display() if k.predikat_baru else "",
            k.alasan_keputusan,
            k.diputus_pada,
        )
        yield (*row, p.skp.instansi.nama) if with_instansi else row


# --- Dashboard instansi ------------------------------------------------------------------------------------

METRIK_PENILAIAN = {
    "ditambah": "Periode Ditambahkan",
    "realisasi": "Realisasi Diisi",
    "dinilai": "Sudah Dinilai",
    "terlambat": "Terlambat",
}
METRIK = {"skp": "SKP Disetujui", **METRIK_PENILAIAN} | {
    f"predikat_{p}": f"Predikat {rules.PREDIKAT_LABEL[p]}" for p in reversed(rules.PREDIKAT_ORDER)
}
KOLOM = ("skp", *METRIK_PENILAIAN, *(f"predikat_{p}" for p in reversed(rules.PREDIKAT_ORDER)))


def _ada_realisasi() -> Exists:
    return Exists(Realisasi.objects.filter(penilaian=OuterRef("pk")))


def _terlambat(today: datetime.date) -> Q:
    """Batas pengisian (and any reopening) passed with no realisasi at all."""
    open_again = Q(dibuka_sampai__isnull=False, dibuka_sampai__gte=today)
    return Q(batas__lt=today) & ~open_again & ~Q(_ada_realisasi())


def _metrik_q(metrik: str, today: datetime.date) -> Q:
    if metrik == "realisasi":
        return Q(_ada_realisasi())
    if metrik == "dinilai":
        return ~Q(predikat="")
    if metrik == "terlambat":
        return _terlambat(today)
    if metrik.startswith("predikat_"):
        return Q(predikat=metrik.removeprefix("predikat_"))
    return Q()


def _scope_units(qs, unit: UnitKerja | None, sub_unit: bool, prefix: str):
    if unit is None:
        return qs
    if sub_unit:
        return qs.filter(**{f"{prefix}unit_kerja__path__startswith": unit.path})
    return qs.filter(**{f"{prefix}unit_kerja": unit})


def skp_disetujui(
    *, instansi: Instansi, periode: PeriodePenilaian, tahun: int, unit=None, sub_unit=True
) -> QuerySet[Skp]:
    """Approved SKPs of the instansi overlapping the period in that year."""
    awal, akhir, _ = periode.tanggal(tahun)
    qs = Skp.objects.filter(
        instansi=instansi, status=Status.PERSETUJUAN, periode_awal__lte=akhir, periode_akhir__gte=awal
    )
    return _scope_units(qs, unit, sub_unit, "")


def penilaian_periode(
    *, instansi: Instansi, periode: PeriodePenilaian, tahun: int, unit=None, sub_unit=True
) -> QuerySet[Penilaian]:
    qs = Penilaian.objects.filter(skp__instansi=instansi, periode=periode, tahun=tahun)
    return _scope_units(qs, unit, sub_unit, "skp__")


@dataclass
class BarisDashboard:
    unit: UnitKerja | None
    angka: dict[str, int]

    @property
    def sel(self) -> list[tuple[str, int]]:
        """(metric, number) in column order."""
        return [(m, self.angka.get(m, 0)) for m in KOLOM]


def dashboard(
    *, instansi: Instansi, periode: PeriodePenilaian, tahun: int, unit: UnitKerja | None = None
) -> tuple[list[dict], dict[str, int]]:
    """Per unit kerja (with data) and in total: the numbers of the dashboard, from the summary rows that the
    services keep current (`kinerja.penilaian.ringkasan`), never from the assessments themselves.

    "Terlambat" is derived here because it depends on today: once the period's batas pengisian has passed, the
    assessments without realisasi, less those an admin reopened until today or later (a small indexed query).
    Returns (rows as dicts with `unit_id` and every metric, totals); `dashboard_units` adds the units."""
    today = timezone.localdate()
    qs = RingkasanUnit.objects.filter(instansi=instansi, periode=periode, tahun=tahun).exclude(
        skp=0, ditambah=0
    )
    qs = _scope_units(qs, unit, True, "")
    lewat = periode.tanggal(tahun)[2] < today
    dibuka: dict[int, int] = {}
    if lewat:
        reopened = penilaian_periode(instansi=instansi, periode=periode, tahun=tahun, unit=unit).filter(
            dibuka_sampai__gte=today, batas__lt=today
        )
        dibuka = dict(
            reopened.filter(~Q(_ada_realisasi()))
            .values("skp__unit_kerja_id")
            .annotate(n=Count("id"))
            .values_list("skp__unit_kerja_id", "n")
            .order_by()
        )
    rows = []
    for r in qs.values("unit_kerja_id", *ANGKA_FIELDS):
        row = {"unit_id": r.pop("unit_kerja_id"), **r}
        row["terlambat"] = max(row.pop("tanpa_realisasi") - dibuka.get(row["unit_id"], 0), 0) if lewat else 0
        rows.append(row)
    total = {m: sum(r.get(m, 0) for r in rows) for m in KOLOM}
    return rows, total


def dashboard_units(rows: list[dict]) -> list[BarisDashboard]:
    """The dashboard rows with their units, in unit tree order: one query."""
    units = UnitKerja.objects.only("id", "nama", "id_unor", "path").in_bulk([r["unit_id"] for r in rows])
    result = [BarisDashboard(units.get(r["unit_id"]), r) for r in rows]
    return sorted(result, key=lambda b: (b.unit.path if b.unit else "", b.angka["unit_id"]))


def dashboard_daftar(
    *,
    instansi: Instansi,
    periode: PeriodePenilaian,
    tahun: int,
    metrik: str,
    unit: UnitKerja | None = None,
    sub_unit: bool = True,
) -> QuerySet:
    """The people behind one number of the dashboard: SKPs for "skp", assessments for the others."""
    scope = {"instansi": instansi, "periode": periode, "tahun": tahun, "unit": unit, "sub_unit": sub_unit}
    if metrik == "skp":
        return (
            skp_disetujui(**scope)
            .select_related("unit_kerja")
            .order_by("unit_kerja__path", "pegawai_nama", "id")
        )
    today = timezone.localdate()
    return (
        penilaian_periode(**scope)
        .filter(_metrik_q(metrik, today))
        .select_related("skp__unit_kerja", "periode")
        .annotate(
            jumlah_realisasi=_jumlah(Realisasi, "penilaian"), jumlah_bukti=_jumlah(BuktiDukung, "penilaian")
        )
        .order_by("skp__unit_kerja__path", "skp__pegawai_nama", "id")
    )
