"""Manajemen Pegawai reads: the admin's filtered list and its Excel rows, in a constant number of queries."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from kinerja.core.excel import Column

from ..models import Instansi, Pegawai, UnitKerja
from .scope import pegawai_for_admin

STATUS_AKTIF = "aktif"
STATUS_NONAKTIF = "nonaktif"


def pegawai_list(
    *,
    user,
    q: str = "",
    unit: UnitKerja | None = None,
    sub_unit: bool = False,
    jenis_asn: str = "",
    jenis_pegawai: str = "",
    status: str = "",
    instansi: Instansi | None = None,
) -> QuerySet[Pegawai]:
    """Employees the admin may manage, filtered; rows carry their instansi, unit and jabatan."""
    qs = pegawai_for_admin(user).select_related("instansi", "unit_kerja", "jabatan")
    q = (q or "").strip()
    if q:
        qs = qs.filter(nip__contains=q) if q.isdigit() else qs.filter(nama__icontains=q)
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    if unit is not None:
        qs = qs.filter(unit_kerja__path__startswith=unit.path) if sub_unit else qs.filter(unit_kerja=unit)
    if jenis_asn:
        qs = qs.filter(jenis_asn=jenis_asn)
    if jenis_pegawai:
        qs = qs.filter(jenis_pegawai=jenis_pegawai)
    if status == STATUS_AKTIF:
        qs = qs.filter(aktif=True)
    elif status == STATUS_NONAKTIF:
        qs = qs.filter(aktif=False)
    return qs.order_by("nama", "nip")


def excel_columns(*, with_instansi: bool) -> list[Column]:
    columns = [
        Column("NIP", 21),
        Column("Nama", 38),
        Column("Jabatan", 36),
        Column("Pangkat/Golongan", 30),
        Column("Unit Kerja", 42),
        Column("Jenis Pegawai", 14),
        Column("PNS/PPPK", 10),
        Column("Status", 10),
        Column("Tempat Lahir", 18),
        Column("Tanggal Lahir", 14),
        Column("TMT CPNS", 13),
        Column("TMT PNS", 13),
        Column("TMT Jabatan", 13),
        Column("TMT Golongan", 13),
        Column("ID Unor", 36),
    ]
    if with_instansi:
        columns.append(Column("Instansi", 36))
    return columns


def excel_rows(qs: QuerySet[Pegawai], *, with_instansi: bool) -> Iterator[tuple]:
    """One row per employee of `qs` (all pages), streamed in chunks: one query whatever the size."""
    for p in qs.iterator(chunk_size=2000):
        row = (
            p.nip,
            p.nama_lengkap,
            str(p.jabatan) if p.jabatan else "",
            p.pangkat_golongan if p.golongan else "",
            p.unit_kerja.nama,
            p.get_jenis_pegawai_display(),
            p.get_jenis_asn_display(),
            "Aktif" if p.aktif else "Nonaktif",
            p.tempat_lahir,
            p.tanggal_lahir,
            p.tmt_cpns,
            p.tmt_pns,
            p.tmt_jabatan,
            p.tmt_golongan,
            p.unit_kerja.id_unor,
        )
        yield (*row, p.instansi.nama) if with_instansi else row
