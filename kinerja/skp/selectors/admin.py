"""The admin's SKP pages: every SKP of the instansi (filtered) and the count per status per unit kerja.

Every read runs a constant number of queries whatever the number of SKPs or units.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from kinerja.core.excel import Column
from kinerja.org.models import Instansi, Peran, UnitKerja

from ..models import Skp, Status

STATUS_KOLOM = (Status.DRAFT, Status.PENGAJUAN, Status.PERSETUJUAN)


def skp_for_admin(user) -> QuerySet[Skp]:
    """SKPs the admin may read: all for the national admin, the own instansi's for an instansi admin."""
    if user.peran == Peran.ADMIN_NASIONAL:
        return Skp.objects.all()
    if user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        return Skp.objects.filter(instansi_id=user.instansi_id)
    return Skp.objects.none()


def _filtered(
    user,
    *,
    instansi: Instansi | None = None,
    unit: UnitKerja | None = None,
    sub_unit: bool = False,
    tahun: int | None = None,
) -> QuerySet[Skp]:
    qs = skp_for_admin(user)
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    if unit is not None:
        qs = qs.filter(unit_kerja__path__startswith=unit.path) if sub_unit else qs.filter(unit_kerja=unit)
    if tahun:
        qs = qs.filter(periode_awal__year=tahun)
    return qs


def skp_list(
    *,
    user,
    q: str = "",
    instansi: Instansi | None = None,
    unit: UnitKerja | None = None,
    sub_unit: bool = False,
    status: str = "",
    tahun: int | None = None,
) -> QuerySet[Skp]:
    """The admin's SKP list: the parties as snapshotted on the SKP, with the unit and instansi joined."""
    qs = _filtered(user, instansi=instansi, unit=unit, sub_unit=sub_unit, tahun=tahun)
    q = (q or "").strip()
    if q:
        qs = qs.filter(pegawai_nip__contains=q) if q.isdigit() else qs.filter(pegawai_nama__icontains=q)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("unit_kerja", "instansi").order_by("pegawai_nama", "-periode_awal", "id")


def tahun_choices(user) -> list[int]:
    """The years that have SKPs in the admin's scope, newest first (one query)."""
    return sorted({d.year for d in skp_for_admin(user).dates("periode_awal", "year")}, reverse=True)


def excel_columns(*, with_instansi: bool) -> list[Column]:
    columns = [
        Column("NIP", 21),
        Column("Nama", 36),
        Column("Jabatan", 34),
        Column("Unit Kerja", 40),
        Column("Periode Awal", 13),
        Column("Periode Akhir", 13),
        Column("Pendekatan", 12),
        Column("Status Pegawai", 14),
        Column("Status", 14),
        Column("Revisi", 8),
        Column("NIP Pejabat Penilai", 21),
        Column("Pejabat Penilai", 36),
        Column("Keterangan", 40),
    ]
    if with_instansi:
        columns.append(Column("Instansi", 36))
    return columns


def excel_rows(qs: QuerySet[Skp], *, with_instansi: bool) -> Iterator[tuple]:
    """One row per SKP of `qs` (all pages), streamed in chunks: one query whatever the size."""
    for s in qs.iterator(chunk_size=2000):
        row = (
            s.pegawai_nip,
            s.pegawai_nama,
            s.pegawai_jabatan,
            s.pegawai_unit,
            s.periode_awal,
            s.periode_akhir,
            s.get_pendekatan_display(),
            s.get_status_pegawai_display(),
            s.status,
            s.revisi,
            s.penilai_nip,
            s.penilai_nama,
            s.keterangan,
        )
        yield (*row, s.instansi.nama) if with_instansi else row


@dataclass
class RekapBaris:
    unit_id: int | None
    unit_nama: str
    id_unor: str
    instansi_nama: str
    draft: int
    pengajuan: int
    persetujuan: int
    total: int


def _rekap_rows(user, *, tahun: int, instansi: Instansi | None, unit: UnitKerja | None):
    """The Rekap SKP summary rows the admin may read (kept current by the services, see
    `kinerja.penilaian.ringkasan`): only units that have SKPs in `tahun`."""
    from kinerja.penilaian.models import RingkasanSkp

    qs = RingkasanSkp.objects.filter(tahun=tahun, total__gt=0)
    if user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        qs = qs.filter(instansi_id=user.instansi_id)
    elif user.peran != Peran.ADMIN_NASIONAL:
        return qs.none()
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    if unit is not None:
        qs = qs.filter(unit_kerja__path__startswith=unit.path)
    return qs


def rekap(
    *, user, tahun: int, instansi: Instansi | None = None, unit: UnitKerja | None = None
) -> QuerySet[dict]:
    """Rows of the Rekap SKP: one per unit kerja that has SKPs in `tahun`, with the count per status.

    `unit` narrows to that unit and its sub units. Read from the summary rows (one query per page).
    """
    return (
        _rekap_rows(user, tahun=tahun, instansi=instansi, unit=unit)
        .values(
            "unit_kerja_id",
            "unit_kerja__nama",
            "unit_kerja__id_unor",
            "instansi__nama",
            "draft",
            "pengajuan",
            "persetujuan",
            "total",
        )  # fmt: skip
        .order_by("instansi__nama", "unit_kerja__path", "unit_kerja_id")
    )


def rekap_total(*, user, tahun: int, instansi: Instansi | None = None, unit: UnitKerja | None = None) -> dict:
    """The total row of the Rekap SKP (over every unit, not only the page shown): one query."""
    qs = _rekap_rows(user, tahun=tahun, instansi=instansi, unit=unit)
    fields = ("draft", "pengajuan", "persetujuan", "total")
    return {k: v or 0 for k, v in qs.aggregate(**{f: Sum(f) for f in fields}).items()}


def rekap_baris(row: dict) -> RekapBaris:
    return RekapBaris(
        unit_id=row["unit_kerja_id"],
        unit_nama=row["unit_kerja__nama"],
        id_unor=row["unit_kerja__id_unor"],
        instansi_nama=row["instansi__nama"],
        draft=row["draft"],
        pengajuan=row["pengajuan"],
        persetujuan=row["persetujuan"],
        total=row["total"],
    )


def rekap_excel_columns(*, with_instansi: bool) -> list[Column]:
    columns = [
        Column("Unit Kerja", 44),
        Column("ID Unor", 34),
        Column("DRAFT", 10),
        Column("PENGAJUAN", 12),
        Column("PERSETUJUAN", 14),
        Column("Total", 10),
    ]
    return [Column("Instansi", 36), *columns] if with_instansi else columns


def rekap_excel_rows(rows: QuerySet[dict], total: dict, *, with_instansi: bool) -> Iterator[tuple]:
    for row in rows.iterator(chunk_size=2000):
        b = rekap_baris(row)
        values = (b.unit_nama, b.id_unor, b.draft, b.pengajuan, b.persetujuan, b.total)
        yield (b.instansi_nama, *values) if with_instansi else values
    values = ("Total", "", total["draft"], total["pengajuan"], total["persetujuan"], total["total"])
    yield ("", *values) if with_instansi else values
