"""Bulk import of unit kerja and pegawai from CSV or XLSX files as exported from SIASN (admin).

Every row is validated first, against the file and the database (a few bulk queries, never one per row).
When any row is bad nothing is written, unless the admin asked for the valid rows only. Rows match
existing records on `id_unor` / `nip`, so importing the same file again writes nothing. The checks and
writes of each kind live in `impor_unit` and `impor_pegawai`; every write is batched (`impor_bulk`), so a
file costs a constant number of statements, all in this one transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.db import transaction

from kinerja.core import audit, gangguan
from kinerja.core.errors import DomainError, PermissionDeniedError

from ..models import Instansi
from .impor_parse import LABEL, Masalah, read_rows
from .impor_pegawai import PEGAWAI_FIELDS, apply_pegawai, check_pegawai
from .impor_unit import UNIT_FIELDS, apply_units, check_units

JENIS = LABEL
__all__ = ["JENIS", "PEGAWAI_FIELDS", "UNIT_FIELDS", "HasilImpor", "impor_data"]


@dataclass
class HasilImpor:
    jenis: str
    berkas: str
    jumlah_baris: int
    ditambahkan: int = 0
    diubah: int = 0
    tidak_berubah: int = 0
    ditolak: int = 0
    dibatalkan: bool = False  # some row was bad and the admin did not ask for the valid rows only
    masalah: list[Masalah] = field(default_factory=list)
    jumlah_masalah: int = 0  # len(masalah) before any truncation for display

    @property
    def jenis_label(self) -> str:
        return JENIS.get(self.jenis, self.jenis)

    @property
    def valid(self) -> int:
        return self.jumlah_baris - self.ditolak

    @property
    def ringkasan(self) -> str:
        if self.dibatalkan:
            return f"Tidak ada data yang diimpor: {self.ditolak} dari {self.jumlah_baris} baris tidak valid."
        if not (self.ditambahkan or self.diubah):
            return (
                f"Tidak ada perubahan: {self.tidak_berubah} baris sudah sama dengan data e-Kinerja, "
                f"{self.ditolak} baris ditolak."
            )
        return (
            f"Impor {self.jenis_label} selesai: {self.ditambahkan} ditambahkan, {self.diubah} diubah, "
            f"{self.tidak_berubah} tidak berubah, {self.ditolak} ditolak."
        )

    def as_dict(self, *, limit: int | None = None) -> dict:
        """As plain data (for the session), keeping at most `limit` reasons."""
        data = asdict(self)
        data["masalah"] = data["masalah"][:limit]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> HasilImpor:
        data = dict(data)
        masalah = [Masalah(**m) for m in data.pop("masalah", [])]
        return cls(**data, masalah=masalah)


@transaction.atomic
def impor_data(*, actor, instansi: Instansi, jenis: str, berkas, hanya_valid: bool = False) -> HasilImpor:
    """Import the rows of `berkas` (an uploaded CSV/XLSX file) of kind `jenis` ("unit" or "pegawai")."""
    if instansi is None or not actor.has_perm("org.manage", instansi):
        raise PermissionDeniedError("Anda tidak berhak mengimpor data untuk instansi ini.")
    if jenis not in JENIS:
        raise DomainError("Pilih jenis data: Unit Kerja atau Pegawai.", field="jenis")
    rows = read_rows(berkas, jenis=jenis)
    hasil = HasilImpor(jenis=jenis, berkas=getattr(berkas, "name", "") or "", jumlah_baris=len(rows))
    check, apply = (check_units, apply_units) if jenis == "unit" else (check_pegawai, apply_pegawai)
    plan = check(instansi, rows)
    hasil.masalah = sorted((m for ms in plan.masalah.values() for m in ms), key=lambda m: m.baris)
    hasil.jumlah_masalah = len(hasil.masalah)
    hasil.ditolak = sum(1 for ms in plan.masalah.values() if ms)
    if hasil.ditolak and not hanya_valid:
        hasil.dibatalkan = True
        return hasil
    apply(actor=actor, instansi=instansi, plan=plan, hasil=hasil)
    if hasil.ditambahkan or hasil.diubah:
        ringkas = {
            k: getattr(hasil, k)
            for k in ("jenis", "berkas", "ditambahkan", "diubah", "tidak_berubah", "ditolak")
        }
        audit.record(actor=actor, action="impor.selesai", obj=instansi, instansi=instansi, after=ringkas)
    gangguan.titik("impor.sebelum_commit")
    return hasil
