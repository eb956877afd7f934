"""Schemas of /organisasi: unit kerja, pegawai, atasan. Field names as in our models."""

import datetime

from ninja import Schema


class UnitRingkasOut(Schema):
    id: int
    id_unor: str
    nama: str


class PimpinanOut(Schema):
    nip: str
    nama: str
    status: str  # definitif, plt or plh

    @staticmethod
    def from_pimpinan(p) -> dict | None:
        return {"nip": p.pegawai.nip, "nama": p.pegawai.nama_lengkap, "status": p.status} if p else None


class UnitKerjaOut(Schema):
    id: int
    id_unor: str
    nama: str
    eselon: str
    jenis_induk: str
    parent_id: int | None
    depth: int
    aktif: bool
    instansi_id: int
    jumlah_pegawai: int
    pimpinan: PimpinanOut | None

    @staticmethod
    def resolve_pimpinan(obj):
        return PimpinanOut.from_pimpinan(getattr(obj, "pimpinan", None))


class UnitKerjaDetailOut(UnitKerjaOut):
    induk: list[UnitRingkasOut]  # the chain from the instansi root down to the parent
    sub_unit: list[UnitRingkasOut]


class PegawaiOut(Schema):
    nip: str
    nama: str
    nama_lengkap: str
    jabatan: str | None
    jenis_jabatan: str | None
    golongan: str
    pangkat_golongan: str
    jenis_pegawai: str
    jenis_asn: str
    unit_kerja: UnitRingkasOut
    instansi_id: int
    aktif: bool

    @staticmethod
    def resolve_jabatan(obj):
        return str(obj.jabatan) if obj.jabatan else None

    @staticmethod
    def resolve_jenis_jabatan(obj):
        return obj.jabatan.jenis if obj.jabatan else None

    @staticmethod
    def resolve_pangkat_golongan(obj):
        return obj.pangkat_golongan if obj.golongan else ""


class PegawaiDetailOut(PegawaiOut):
    gelar_depan: str
    gelar_belakang: str
    nomor_kartu_asn: str
    tempat_lahir: str
    tanggal_lahir: datetime.date
    jenis_kelamin: str
    tmt_cpns: datetime.date
    tmt_pns: datetime.date | None
    tmt_jabatan: datetime.date | None
    tmt_golongan: datetime.date | None
    diperbantukan_di: str


class PenilaiOut(Schema):
    nip: str
    nama: str
    status: str  # definitif, plt or plh
    jabatan: str | None
    unit_kerja: UnitRingkasOut  # the unit whose leader assesses


class AtasanOut(Schema):
    pejabat_penilai: PenilaiOut | None
    alasan: str  # why nobody assesses, when pejabat_penilai is null
    atasan_pejabat_penilai: PenilaiOut | None
    alasan_atasan: str
