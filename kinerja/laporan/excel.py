"""Unduh Excel of Keluaran Kinerja: one row per employee for the year."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kinerja.core.excel import Column
from kinerja.penilaian.rules import RATING_LABEL

from .selectors import Keluaran


def columns(*, with_instansi: bool) -> list[Column]:
    cols = [
        Column("NIP", 21),
        Column("Nama", 36),
        Column("Jabatan", 34),
        Column("Jenjang JF", 14),
        Column("Unit Kerja", 40),
        Column("Tahun", 8),
        Column("Rating Hasil Kerja", 20),
        Column("Kode Hasil Kerja", 10),
        Column("Rating Perilaku Kerja", 20),
        Column("Kode Perilaku Kerja", 10),
        Column("Predikat Kinerja", 18),
        Column("Nilai", 8),
        Column("Komponen Kinerja IP ASN", 12),
        Column("Kode Kuadran", 10),
        Column("Angka Kredit", 12),
        Column("Rincian Angka Kredit", 60),
        Column("Status Keberatan", 14),
    ]
    if with_instansi:
        cols.insert(5, Column("Instansi", 32))
    return cols


def rincian(k: Keluaran) -> str:
    parts = []
    for p in k.periode:
        ak = p.angka_kredit if p.angka_kredit is not None else "-"
        parts.append(
            f"{p.skp.periode_awal:%d-%m-%Y} s.d. {p.skp.periode_akhir:%d-%m-%Y}: {p.bulan} bulan, "
            f"{p.predikat_label}, AK {ak}"
        )
    return "; ".join(parts)


def rows(daftar: Iterable[Keluaran], *, with_instansi: bool) -> Iterator[list]:
    for k in daftar:
        skp = k.skp_final
        row = [
            k.pegawai.nip,
            k.pegawai.nama_lengkap,
            k.jabatan.nama if k.jabatan else "",
            k.jenjang_label,
            skp.pegawai_unit if skp else k.pegawai.unit_kerja.nama,
            k.tahun,
            RATING_LABEL.get(k.rating_hasil_kerja, ""),
            k.kode_hasil_kerja,
            RATING_LABEL.get(k.rating_perilaku, ""),
            k.kode_perilaku,
            k.predikat_label,
            k.nilai,
            k.indeks_profesionalitas,
            k.kuadran,
            k.angka_kredit,
            rincian(k) if k.is_jf else "",
            k.status_keberatan.title(),
        ]
        if with_instansi:
            row.insert(5, k.pegawai.instansi.nama)
        yield row
