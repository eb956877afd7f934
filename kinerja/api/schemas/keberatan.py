"""Schemas of /keberatan (PP 30/2019 Pasal 59, RULES.md §7)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from kinerja.penilaian import rules

from . import Teks
from .penilaian import Pihak, Rating


class KeberatanOut(Schema):
    id: int
    penilaian_id: int
    pegawai: Pihak
    periode: str
    tahun: int
    alasan: str
    diajukan_pada: datetime.datetime
    atasan: Pihak = Field(description="Atasan pejabat penilai yang memutus")
    status: str
    predikat_semula: str
    predikat_semula_label: str
    keputusan: str
    catatan_pemeriksaan: str
    rating_hasil_kerja_baru: str
    rating_perilaku_baru: str
    predikat_baru: str
    predikat_baru_label: str
    alasan_keputusan: str
    diputus_pada: datetime.datetime | None

    @staticmethod
    def resolve_pegawai(obj) -> dict:
        skp = obj.penilaian.skp
        return {"nip": skp.pegawai_nip, "nama": skp.pegawai_nama, "jabatan": skp.pegawai_jabatan}

    @staticmethod
    def resolve_periode(obj) -> str:
        return obj.penilaian.periode.nama

    @staticmethod
    def resolve_tahun(obj) -> int:
        return obj.penilaian.tahun

    @staticmethod
    def resolve_atasan(obj) -> dict:
        return {"nip": obj.atasan_nip, "nama": obj.atasan_nama, "jabatan": obj.atasan_jabatan}

    @staticmethod
    def resolve_predikat_semula_label(obj) -> str:
        return rules.PREDIKAT_LABEL.get(obj.predikat_semula, "")

    @staticmethod
    def resolve_predikat_baru_label(obj) -> str:
        return rules.PREDIKAT_LABEL.get(obj.predikat_baru, "")


class KeberatanIn(Schema):
    penilaian_id: int
    alasan: Teks()
    versi: int | None = Field(
        None, ge=0, description="Token versi penilaian yang dibaca; berbeda: 409 konflik"
    )


class PutusIn(Schema):
    catatan_pemeriksaan: Teks() = Field(description="Hasil mendengar pegawai dan pejabat penilai")
    keputusan: Literal["DIKUATKAN", "DIUBAH"]
    rating_hasil_kerja_baru: Rating | Literal[""] = ""
    rating_perilaku_baru: Rating | Literal[""] = ""
    alasan: Teks() = Field(description="Alasan keputusan")
