"""Schemas of /skp: SKP periods, RHK, indikator, perilaku kerja, lampiran, workflow. Field names as in our models."""

import datetime
import decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from . import Teks

Pendekatan = Literal["KUANTITATIF", "KUALITATIF"]
StatusPegawai = Literal["DEFINITIF", "PLT"]
JenisRhk = Literal["UTAMA", "TAMBAHAN"]
Klasifikasi = Literal["INDIVIDU", "ORGANISASI"]
Aspek = Literal["", "Kuantitas", "Kualitas", "Waktu", "Biaya"]
Perspektif = Literal["", "Penerima Layanan", "Penguatan Internal", "Proses Bisnis", "Anggaran"]
JenisLampiran = Literal["DUKUNGAN_SUMBER_DAYA", "SKEMA_PERTANGGUNGJAWABAN", "KONSEKUENSI"]
Target = decimal.Decimal | None


# --- out -----------------------------------------------------------------------------------------------------


class SkpOut(Schema):
    id: int
    instansi_id: int
    pegawai_nip: str
    pegawai_nama: str
    pegawai_jabatan: str
    pegawai_unit: str
    periode_awal: datetime.date
    periode_akhir: datetime.date
    pendekatan: str
    status_pegawai: str
    model: str
    status: str
    revisi: int
    keterangan: str
    sumber: str  # EKINERJA or PMM (PMM: view-only here)
    penilai_nip: str
    penilai_nama: str
    versi: int = Field(description="Token versi status SKP; kirim kembali saat mengajukan / menyetujui")


class PihakOut(Schema):
    nip: str
    nama: str
    pangkat: str
    jabatan: str
    unit_kerja: str


class IndikatorOut(Schema):
    id: int
    teks: str
    aspek: str
    target_nilai: decimal.Decimal | None
    target_satuan: str
    perspektif: str
    urutan: int


class RhkOut(Schema):
    id: int
    skp_id: int
    jenis: str
    klasifikasi: str
    teks: str
    penugasan_dari: str
    rhk_atasan_id: int | None
    rhk_atasan_teks: str
    atasan_hilang: bool  # the intervened RHK was deleted: "RHK atasan tidak ditemukan"
    urutan: int
    indikator: list[IndikatorOut]

    @staticmethod
    def resolve_rhk_atasan_teks(obj):
        return obj.rhk_atasan.teks if obj.rhk_atasan_id and obj.rhk_atasan else obj.rhk_atasan_teks

    @staticmethod
    def resolve_indikator(obj):
        return list(obj.indikator.all())


class PerilakuOut(Schema):
    nomor: int
    nilai: str
    perilaku: list[str]
    ekspektasi: str


class LampiranOut(Schema):
    id: int
    jenis: str
    teks: str
    urutan: int


class SkpDetailOut(SkpOut):
    pegawai: PihakOut
    penilai: PihakOut | None
    penilai_alasan: str
    rhk_utama: list[RhkOut]
    rhk_tambahan: list[RhkOut]
    perilaku: list[PerilakuOut]
    lampiran: list[LampiranOut]


class RhkAtasanOut(Schema):
    id: int
    teks: str
    jenis: str
    skp_id: int
    pegawai_nama: str
    periode_awal: datetime.date
    periode_akhir: datetime.date

    @staticmethod
    def resolve_pegawai_nama(obj):
        return obj.skp.pegawai_nama

    @staticmethod
    def resolve_periode_awal(obj):
        return obj.skp.periode_awal

    @staticmethod
    def resolve_periode_akhir(obj):
        return obj.skp.periode_akhir


class EkspektasiOut(Schema):
    nilai: int
    teks: str


# --- in ------------------------------------------------------------------------------------------------------


class SkpIn(Schema):
    periode_awal: datetime.date
    periode_akhir: datetime.date
    pendekatan: Pendekatan = "KUANTITATIF"
    status_pegawai: StatusPegawai = "DEFINITIF"
    penugasan_plt_id: int | None = None


class SkpPeriodeIn(Schema):
    periode_awal: datetime.date
    periode_akhir: datetime.date


class RhkIn(Schema):
    jenis: JenisRhk = "UTAMA"
    klasifikasi: Klasifikasi = "INDIVIDU"
    teks: Teks()
    penugasan_dari: Teks(250) = ""
    rhk_atasan_id: int | None = None


class RhkPatch(Schema):
    """Only the fields sent change; `rhk_atasan_id: null` unlinks (JPT only)."""

    jenis: JenisRhk | None = None
    klasifikasi: Klasifikasi | None = None
    teks: Teks() | None = None
    penugasan_dari: Teks(250) | None = None
    rhk_atasan_id: int | None = None


class IndikatorIn(Schema):
    teks: Teks()
    aspek: Aspek = ""
    target_nilai: Target = Field(None, max_digits=14, decimal_places=2)
    target_satuan: Teks(60) = ""
    perspektif: Perspektif = ""


class IndikatorPatch(Schema):
    teks: Teks() | None = None
    aspek: Aspek | None = None
    target_nilai: Target = Field(None, max_digits=14, decimal_places=2)
    target_satuan: Teks(60) | None = None
    perspektif: Perspektif | None = None


class EkspektasiIn(Schema):
    teks: Teks()  # empty clears the expectation


class LampiranIn(Schema):
    jenis: JenisLampiran
    teks: Teks()


VERSI = "Token versi SKP yang dibaca (docs/konkurensi.md); berbeda dengan yang tersimpan: 409 konflik"


class VersiIn(Schema):
    versi: int | None = Field(None, ge=0, description=VERSI)


class KembalikanIn(Schema):
    catatan: Teks()
    versi: int | None = Field(None, ge=0, description=VERSI)
