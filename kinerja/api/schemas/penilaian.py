"""Schemas of /penilaian: periods, the rows of Penilaian SKP, one period's detail and the inputs of every write."""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from kinerja.penilaian import rules

from . import Teks

Rating = Literal["DIBAWAH", "SESUAI", "DIATAS"]
Jempol = Literal["", "NAIK", "TURUN"]


# --- Output -------------------------------------------------------------------------------------------------------


class PeriodeOut(Schema):
    id: int
    nama: str
    jenis: str
    tipe_periodik: str
    angka_periodik: int | None
    awal: str = Field(description="mm-dd")
    akhir: str = Field(description="mm-dd")
    batas: str = Field(description="Batas pengisian, mm-dd")
    tahun: int | None = Field(description="Kosong = berlaku setiap tahun")


class PeriodeRingkas(Schema):
    id: int
    nama: str
    jenis: str


class Pihak(Schema):
    nip: str
    nama: str
    jabatan: str = ""


class KeberatanRingkas(Schema):
    id: int
    status: str
    keputusan: str


class PenilaianOut(Schema):
    """One period added to an SKP, with its ratings and the predikat that follows from them (RULES.md §1)."""

    id: int
    skp_id: int
    pegawai: Pihak
    periode: PeriodeRingkas
    tahun: int
    awal: datetime.date
    akhir: datetime.date
    batas: datetime.date
    batas_efektif: datetime.date = Field(description="Batas pengisian atau pembukaan kembali oleh admin")
    terbuka: bool = Field(description="Pegawai masih dapat mengisi (belum lewat batas)")
    penilai: Pihak | None
    rating_hasil_kerja: str
    rating_perilaku: str
    predikat: str
    predikat_label: str
    dinilai_pada: datetime.datetime | None
    versi: int = Field(description="Token versi rating dan keberatan; kirim kembali saat mengubah rating")

    @staticmethod
    def resolve_pegawai(obj) -> dict:
        skp = obj.skp
        return {"nip": skp.pegawai_nip, "nama": skp.pegawai_nama, "jabatan": skp.pegawai_jabatan}

    @staticmethod
    def resolve_penilai(obj) -> dict | None:
        if not obj.penilai_nip:
            return None
        return {"nip": obj.penilai_nip, "nama": obj.penilai_nama, "jabatan": obj.penilai_jabatan}

    @staticmethod
    def resolve_predikat_label(obj) -> str:
        return rules.PREDIKAT_LABEL.get(obj.predikat, "")

    @staticmethod
    def resolve_terbuka(obj) -> bool:
        return timezone.localdate() <= obj.batas_efektif


def keberatan_ringkas(obj) -> dict | None:
    k = getattr(obj, "keberatan", None)
    return {"id": k.pk, "status": k.status, "keputusan": k.keputusan} if k is not None else None


class PenilaianBaris(PenilaianOut):
    """A row of the Penilaian SKP page."""

    capaian_organisasi: str | None
    capaian_organisasi_label: str
    capaian_dari_unit: str | None
    jumlah_pembinaan: int
    keberatan: KeberatanRingkas | None
    keberatan_bisa: bool = Field(description="Pemilik dapat mengajukan keberatan sekarang")

    resolve_keberatan = staticmethod(keberatan_ringkas)


class HapusDuplikatOut(Schema):
    dihapus: int
    dipertahankan_berisi: int = Field(description="Duplikat yang tidak dihapus karena sudah berisi data")
    pesan: str


class RencanaAksiOut(Schema):
    id: int
    penilaian_id: int
    rhk_id: int
    teks: str
    target: str


class BuktiDukungOut(Schema):
    id: int
    penilaian_id: int
    indikator_id: int
    nama: str
    link: str


class RealisasiOut(Schema):
    penilaian_id: int
    indikator_id: int
    realisasi: str
    sumber_data: str
    versi: int = Field(description="Token versi realisasi ini; kirim kembali saat mengubahnya")


class FeedbackOut(Schema):
    jempol: str
    teks: str


class FeedbackIndikatorOut(FeedbackOut):
    penilaian_id: int
    indikator_id: int


class FeedbackPerilakuOut(FeedbackOut):
    penilaian_id: int
    nilai: int


class PembinaanOut(Schema):
    id: int
    penilaian_id: int
    teks: str
    oleh: str | None
    dibuat_pada: datetime.datetime

    @staticmethod
    def resolve_oleh(obj) -> str | None:
        return obj.oleh.nama_lengkap if obj.oleh_id else None


class IndikatorDetail(Schema):
    id: int
    teks: str
    aspek: str
    perspektif: str
    target_nilai: str | None
    target_satuan: str
    bukti_dukung: list[BuktiDukungOut]
    realisasi: RealisasiOut | None
    feedback: FeedbackOut | None


class RhkDetail(Schema):
    id: int
    jenis: str
    teks: str
    rhk_atasan: str
    rencana_aksi: list[RencanaAksiOut]
    dapat_diisi: bool = Field(description="Bukti dukung dan realisasi dapat diisi (ada rencana aksi / Final)")
    indikator: list[IndikatorDetail]


class PerilakuDetail(Schema):
    nomor: int
    nilai: str
    perilaku: list[str]
    ekspektasi: str
    feedback: FeedbackOut | None


class PenilaianDetail(PenilaianOut):
    """Everything of one period: the employee's inputs, the assessor's feedback, ratings and predikat."""

    capaian_organisasi: str | None
    capaian_organisasi_label: str
    capaian_dari_unit: str | None
    hasil_kerja: list[RhkDetail]
    perilaku: list[PerilakuDetail]
    pembinaan: list[PembinaanOut]
    keberatan: KeberatanRingkas | None

    resolve_keberatan = staticmethod(keberatan_ringkas)

    @staticmethod
    def resolve_pembinaan(obj) -> list:
        return obj.catatan_pembinaan


# --- Building the detail -------------------------------------------------------------------------------------


def _feedback(obj) -> dict | None:
    return {"jempol": obj.jempol, "teks": obj.teks} if obj is not None else None


def hasil_kerja_dan_perilaku(pengisian_data) -> tuple[list[dict], list[dict]]:
    """RhkDetail and PerilakuDetail rows from the selector's DataPengisian (the Pengisian page's data)."""
    rows = []
    for baris in pengisian_data.utama + pengisian_data.tambahan:
        rhk = baris.rhk
        rows.append(
            {
                "id": rhk.pk,
                "jenis": rhk.jenis,
                "teks": rhk.teks,
                "rhk_atasan": rhk.rhk_atasan.teks if rhk.rhk_atasan_id else rhk.rhk_atasan_teks,
                "rencana_aksi": baris.rencana_aksi,
                "dapat_diisi": baris.terbuka,
                "indikator": [
                    {
                        "id": b.indikator.pk,
                        "teks": b.indikator.teks,
                        "aspek": b.indikator.aspek,
                        "perspektif": b.indikator.perspektif,
                        "target_nilai": (
                            str(b.indikator.target_nilai) if b.indikator.target_nilai is not None else None
                        ),
                        "target_satuan": b.indikator.target_satuan,
                        "bukti_dukung": b.bukti,
                        "realisasi": b.realisasi,
                        "feedback": _feedback(b.feedback),
                    }
                    for b in baris.indikator
                ],
            }
        )
    perilaku = [
        {
            "nomor": b.nomor,
            "nilai": b.nilai,
            "perilaku": list(b.perilaku),
            "ekspektasi": b.ekspektasi,
            "feedback": _feedback(b.feedback),
        }
        for b in pengisian_data.perilaku
    ]
    return rows, perilaku


# --- Input --------------------------------------------------------------------------------------------------------


class PenilaianIn(Schema):
    skp_id: int
    periode_id: int


class RencanaAksiIn(Schema):
    rhk_id: int
    teks: Teks()
    target: Teks(200) = ""


class RencanaAksiPatch(Schema):
    teks: Teks() | None = None
    target: Teks(200) | None = None


class BuktiDukungIn(Schema):
    indikator_id: int
    nama: Teks(250)
    link: Teks(1000)


class BuktiDukungPatch(Schema):
    nama: Teks(250) | None = None
    link: Teks(1000) | None = None


VERSI_IN = "Token versi yang dibaca (0: belum ada realisasi); berbeda dengan yang tersimpan: 409 konflik"


class RealisasiIn(Schema):
    realisasi: Teks()
    sumber_data: Teks() = ""
    versi: int | None = Field(None, ge=0, description=VERSI_IN)


class FeedbackIn(Schema):
    jempol: Jempol = Field("", description="NAIK (👍), TURUN (👎) atau kosong")
    teks: Teks() = ""


class RatingIn(Schema):
    aspek: Literal["HASIL_KERJA", "PERILAKU"]
    rating: Rating
    versi: int | None = Field(
        None, ge=0, description="Token versi penilaian yang dibaca; berbeda: 409 konflik"
    )


class PembinaanIn(Schema):
    teks: Teks()
