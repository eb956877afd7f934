"""Invented names and valid NIPs for the synthetic nation. Every place, unit and person is fictional."""

from __future__ import annotations

import datetime
import math
import random

from kinerja.org import rules
from kinerja.org.demo import BELAKANG, DEPAN, GURU, NAMA_WANITA, STAF, J

DOMAIN_ARSIP = "sintetis.example"  # reserved TLD: links never resolve to a real site
WANITA = NAMA_WANITA
GELAR = ("S.Kom.", "S.E.", "S.Pd.", "S.H.", "S.Sos.", "S.T.", "S.AP.", "M.Si.", "M.M.", "")
GELAR_MENENGAH = ("A.Md.", "A.Md.Kom.", "")

AWALAN = (
    "Suka", "Tirta", "Wana", "Karang", "Sindang", "Mekar", "Cipta", "Giri", "Jaya", "Bumi", "Panca",
    "Sri", "Tanjung", "Kali", "Muara", "Rawa", "Bukit", "Sumber", "Tegal", "Pasir", "Lembah", "Sapta",
    "Danau", "Teluk",
)  # fmt: skip
AKHIRAN = (
    "mulya", "sari", "jati", "wangi", "jaya", "rejo", "asri", "makmur", "lestari", "harja", "raya", "indah",
    "agung", "permai", "tentram", "damai", "subur", "manik", "kencana", "wening",
)  # fmt: skip
TEMPAT = tuple(f"{a}{b}".upper() for a in AWALAN for b in AKHIRAN)
ARAH = ("", " Utara", " Selatan", " Barat", " Timur", " Tengah")
JENIS_DAERAH = ("Kabupaten", "Kota", "Provinsi")

# Perangkat daerah under the root: (nama, singkatan). The BKPSDM-like one holds the instansi admin.
OPD = (
    ("BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA", "BKPSDM"),
    ("DINAS PENDIDIKAN", "DISDIK"),
    ("DINAS KESEHATAN", "DINKES"),
    ("BADAN KEUANGAN DAN ASET DAERAH", "BKAD"),
    ("DINAS PEKERJAAN UMUM DAN PENATAAN RUANG", "DPUPR"),
    ("BADAN PERENCANAAN PEMBANGUNAN DAERAH", "BAPPEDA"),
    ("DINAS SOSIAL", "DINSOS"),
    ("DINAS PERHUBUNGAN", "DISHUB"),
    ("DINAS KOMUNIKASI DAN INFORMATIKA", "DISKOMINFO"),
    ("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL", "DISDUKCAPIL"),
    ("DINAS PERTANIAN DAN KETAHANAN PANGAN", "DISTAN"),
    ("DINAS LINGKUNGAN HIDUP", "DLH"),
    ("DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU", "DPMPTSP"),
    ("INSPEKTORAT DAERAH", "INSPEKTORAT"),
    ("DINAS PERINDUSTRIAN DAN PERDAGANGAN", "DISPERINDAG"),
    ("DINAS KOPERASI DAN USAHA MIKRO", "DISKOPUM"),
    ("BADAN PENANGGULANGAN BENCANA DAERAH", "BPBD"),
    ("DINAS PARIWISATA DAN KEBUDAYAAN", "DISPARBUD"),
    ("SATUAN POLISI PAMONG PRAJA", "SATPOL PP"),
    ("DINAS PERUMAHAN DAN KAWASAN PERMUKIMAN", "DISPERKIM"),
)
BIDANG = (
    "PERENCANAAN DAN EVALUASI", "PELAYANAN", "PEMBINAAN", "PENGEMBANGAN", "DATA DAN INFORMASI", "PENGAWASAN",
    "PENGENDALIAN", "SARANA DAN PRASARANA", "PEMBERDAYAAN", "KERJA SAMA", "PENGELOLAAN", "PEMANTAUAN",
)  # fmt: skip
SUB_SEKRETARIAT = ("SUBBAGIAN UMUM DAN KEPEGAWAIAN", "SUBBAGIAN KEUANGAN", "SUBBAGIAN PERENCANAAN")
SUB_BIDANG = ("PROGRAM", "TEKNIS", "ADMINISTRASI", "OPERASIONAL", "MONITORING", "LAYANAN")
SEKSI_KECAMATAN = ("SEKSI PEMERINTAHAN", "SEKSI KESEJAHTERAAN SOSIAL", "SEKSI KETENTERAMAN DAN KETERTIBAN")

SEKDA = J("Sekretaris Daerah", "JPT", "Madya", ("IV/d", "IV/e"))
KEPALA_OPD = J("Kepala", "JPT", "Pratama", ("IV/c", "IV/d"))
CAMAT = J("Camat", "JA", "Administrator", ("IV/a", "IV/b"))
KABID = J("Kepala", "JA", "Administrator", ("IV/a", "IV/b"))
KASUB = J("Kepala", "JA", "Pengawas", ("III/c", "III/d"))
POOL_STAF = STAF
POOL_GURU = GURU

KEGIATAN = (
    "layanan administrasi kepegawaian", "penyusunan dokumen perencanaan", "pengelolaan keuangan dan aset",
    "pembinaan dan pengawasan program", "pengelolaan data dan sistem informasi", "pelayanan kepada masyarakat",
    "penyusunan laporan kinerja", "pengadaan barang dan jasa", "koordinasi lintas perangkat daerah",
    "pengelolaan arsip dan persuratan", "evaluasi pelaksanaan kegiatan", "peningkatan kualitas layanan publik",
)  # fmt: skip
SATUAN = (("Dokumen", 12), ("Laporan", 4), ("Kegiatan", 24), ("%", 100), ("Berkas", 120), ("Bulan", 12))
ASPEK = ("Kuantitas", "Kualitas", "Waktu")


def title(nama: str) -> str:
    keep = {"DAN": "dan", "DPUPR": "DPUPR", "BKPSDM": "BKPSDM", "PP": "PP"}
    return " ".join(keep.get(w, w.capitalize()) for w in nama.split())


def nama_daerah(index: int) -> tuple[str, str]:
    """(instansi name, place) for the index-th instansi, varied and stable."""
    tempat = AWALAN[index % len(AWALAN)] + AKHIRAN[(index // len(AWALAN)) % len(AKHIRAN)]
    lapis = index // (len(AWALAN) * len(AKHIRAN))
    jenis = JENIS_DAERAH[lapis % len(JENIS_DAERAH)]
    arah = ARAH[(lapis // len(JENIS_DAERAH)) % len(ARAH)]
    ulang = lapis // (len(JENIS_DAERAH) * len(ARAH))
    tempat = f"{tempat}{arah}" + (f" {ulang + 1}" if ulang else "")
    return f"Pemerintah {jenis} {tempat}", tempat


def nama_orang(rnd: random.Random) -> tuple[str, str]:
    """(nama in capitals, jenis kelamin)."""
    depan = rnd.choice(DEPAN)
    if rnd.random() < 0.4:
        nama = f"{depan} {rnd.choice(BELAKANG)} {rnd.choice(BELAKANG)}"
    else:
        nama = f"{depan} {rnd.choice(BELAKANG)}"
    return nama.upper(), rules.WANITA if depan in WANITA else rules.PRIA


def nama_lengkap(nama: str, gelar_depan: str, gelar_belakang: str) -> str:
    """As Pegawai.nama_lengkap."""
    nama = f"{gelar_depan} {nama}".strip() if gelar_depan else nama
    return f"{nama}, {gelar_belakang}" if gelar_belakang else nama


class NipGenerator:
    """Valid NIPs that never repeat: the person's global number is mapped one-to-one onto (birth date, nomor
    urut) by an affine permutation, so uniqueness holds without remembering what was issued. The other digits
    (TMT, PNS/PPPK, sex) only need to be valid. NIPs already in the database are stepped around."""

    def __init__(self, *, tahun: int, seed: int, taken: set[str]):
        self.base = datetime.date(tahun - 60, 1, 1)
        self.days = (datetime.date(tahun - 23, 12, 31) - self.base).days + 1
        self.modulus = 999 * self.days
        a = int(self.modulus * 0.6180339887) | 1
        while math.gcd(a, self.modulus) != 1:
            a += 2
        self.a, self.b = a, (seed * 7_919_113) % self.modulus
        self.taken = taken
        self.tahun = tahun

    @property
    def capacity(self) -> int:
        return self.modulus

    def lahir_urut(self, index: int) -> tuple[datetime.date, int]:
        p = (self.a * index + self.b) % self.modulus
        return self.base + datetime.timedelta(days=p // 999), p % 999 + 1

    def person(self, index: int, rnd: random.Random, *, pppk: bool, kelamin: str):
        """(nip, tanggal_lahir, tmt_cpns, tmt_pns)."""
        lahir, urut = self.lahir_urut(index)
        for attempt in range(50):
            if pppk:
                tmt = datetime.date(
                    rnd.randint(max(2019, lahir.year + 19), self.tahun - 1), rnd.choice((1, 3, 4)), 1
                )
                tmt_pns = None
            else:
                year = lahir.year + rnd.randint(20, 30) + attempt % 3
                year = min(max(year, lahir.year + 19), self.tahun - 1)
                tmt = datetime.date(year, rnd.choice((1, 3, 4, 12)), 1)
                tmt_pns = datetime.date(year + 1, tmt.month, 1) if year + 1 < self.tahun else None
            nip = rules.make_nip(
                tanggal_lahir=lahir,
                tmt=tmt,
                jenis_asn=rules.PPPK if pppk else rules.PNS,
                jenis_kelamin=kelamin,
                urut=urut,
            )
            if nip not in self.taken:
                return nip, lahir, tmt, tmt_pns
        raise RuntimeError(f"Tidak menemukan NIP bebas untuk pegawai ke-{index}.")
