"""Schemas of /keluaran: per NIP per year, what pay, promotion and talent systems consume (RULES.md §3)."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from kinerja.penilaian.rules import RATING_LABEL


class Rating(Schema):
    rating: str = Field(description="DIBAWAH / SESUAI / DIATAS; kosong bila belum dinilai")
    label: str
    kode: int | None = Field(description="Kode rating menurut pengaturan instansi (bawaan 1 / 2 / 3)")


class PeriodeAkOut(Schema):
    skp_id: int
    periode_awal: datetime.date
    periode_akhir: datetime.date
    unit_kerja: str
    predikat: str = Field(description="Predikat periode SKP ini; kosong bila belum dinilai")
    predikat_label: str
    sumber_predikat: str = Field(description='"Final" atau nama periode periodik yang memberi predikat')
    bulan: int = Field(description="Bulan yang dihitung dalam tahun (aturan 15 hari, docs/keluaran.md)")
    persentase: float | None
    angka_kredit: float | None


class KeluaranOut(Schema):
    nip: str
    nama: str
    instansi_id: int
    jabatan: str
    jenis_jabatan: str
    jenjang: str | None = Field(
        description="Jenjang JF yang dikenali (mis. AHLI_PERTAMA); null bila bukan JF"
    )
    tahun: int
    penilaian_final_id: int | None
    predikat: str
    predikat_label: str
    rating_hasil_kerja: Rating
    rating_perilaku: Rating
    nilai: int | None = Field(description="Nilai predikat untuk TPP dan sumbu talenta (pengaturan instansi)")
    indeks_profesionalitas: float | None = Field(description="Komponen kinerja IP ASN (maks. 30)")
    kuadran: int | None = Field(description="kuadranNilai SIASN: 1 Sangat Baik ... 5 Sangat Kurang")
    status_keberatan: str
    koefisien: float | None
    angka_kredit: float | None = Field(description="Jumlah angka kredit tahun itu (JF); null bila bukan JF")
    periode: list[PeriodeAkOut]


def _angka(value) -> float | None:
    """Decimals (two places at most) as JSON numbers."""
    return None if value is None else float(value)


def _rating(rating: str, kode: int | None) -> dict:
    return {"rating": rating, "label": RATING_LABEL.get(rating, ""), "kode": kode}


def keluaran_out(k) -> dict:
    """A selectors.Keluaran as the dict KeluaranOut describes."""
    jabatan = k.jabatan
    return {
        "nip": k.pegawai.nip,
        "nama": k.pegawai.nama_lengkap,
        "instansi_id": k.pegawai.instansi_id,
        "jabatan": jabatan.nama if jabatan else "",
        "jenis_jabatan": jabatan.jenis if jabatan else "",
        "jenjang": k.jenjang,
        "tahun": k.tahun,
        "penilaian_final_id": k.final.pk if k.final else None,
        "predikat": k.predikat,
        "predikat_label": k.predikat_label,
        "rating_hasil_kerja": _rating(k.rating_hasil_kerja, k.kode_hasil_kerja),
        "rating_perilaku": _rating(k.rating_perilaku, k.kode_perilaku),
        "nilai": k.nilai,
        "indeks_profesionalitas": _angka(k.indeks_profesionalitas),
        "kuadran": k.kuadran,
        "status_keberatan": k.status_keberatan,
        "koefisien": _angka(k.koefisien),
        "angka_kredit": _angka(k.angka_kredit),
        "periode": [
            {
                "skp_id": p.skp.pk,
                "periode_awal": p.skp.periode_awal,
                "periode_akhir": p.skp.periode_akhir,
                "unit_kerja": p.skp.pegawai_unit,
                "predikat": p.predikat,
                "predikat_label": p.predikat_label,
                "sumber_predikat": p.sumber,
                "bulan": p.bulan,
                "persentase": _angka(p.persentase),
                "angka_kredit": _angka(p.angka_kredit),
            }
            for p in k.periode
        ],
    }
