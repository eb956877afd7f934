"""The fictional demo organisation: Pemerintah Kabupaten Sukamaju. Every name and NIP is invented."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from . import rules
from .models import (
    Instansi,
    Jabatan,
    JenisPegawai,
    JenisPenugasan,
    Pegawai,
    PenugasanPlt,
    Peran,
    UnitKerja,
    User,
)

KODE = "DEMO-SUKAMAJU"
PASSWORD = "demo-kinerja"
ADMIN_NASIONAL = "admin.nasional"

DEPAN = (
    "Adi",
    "Bayu",
    "Citra",
    "Dimas",
    "Endah",
    "Fikri",
    "Galih",
    "Hana",
    "Irfan",
    "Jihan",
    "Kurnia",
    "Laras",
    "Made",
    "Nadia",
    "Oki",
    "Putri",
    "Rangga",
    "Sinta",
    "Taufik",
    "Utari",
    "Wahyu",
    "Yudha",
    "Zahra",
    "Agung",
    "Bening",
    "Cahya",
    "Dewangga",
    "Elok",
    "Fitra",
    "Gilang",
    "Hesti",
    "Intan",
    "Kadek",
    "Lintang",
    "Mega",
    "Nanda",
    "Prasetyo",
    "Rizka",
    "Satria",
    "Tiara",
)
BELAKANG = (
    "Pramudita",
    "Wirawan",
    "Anggraeni",
    "Saputra",
    "Kusumawati",
    "Hidayat",
    "Permana",
    "Maharani",
    "Nugroho",
    "Purnamasari",
    "Santoso",
    "Wulandari",
    "Setiawan",
    "Handayani",
    "Gunawan",
    "Rahmawati",
    "Suryadi",
    "Lestyani",
    "Firmansyah",
    "Oktaviani",
    "Mahendra",
    "Puspitasari",
    "Ramadhan",
    "Safitri",
    "Wicaksono",
    "Ayuningtyas",
    "Baskara",
    "Cendana",
    "Daruma",
    "Elvaretta",
)
KOTA = ("Sukamaju", "Tirtamulya", "Wanasari", "Karangjati", "Sindangsari", "Mekarwangi")

# First names given to women (the pools above mix both).
NAMA_WANITA = frozenset(
    ("Citra", "Endah", "Hana", "Jihan", "Laras", "Nadia", "Putri", "Sinta", "Utari", "Zahra",
     "Bening", "Elok", "Hesti", "Intan", "Mega", "Rizka", "Tiara")
)  # fmt: skip


@dataclass(frozen=True)
class J:  # a jabatan with its grade range
    nama: str
    jenis: str
    jenjang: str
    golongan: tuple[str, ...]
    pppk: str = ""  # PPPK grade, when PPPK may hold it


SEKDA = J("Sekretaris Daerah", "JPT", "Pratama", ("IV/d",))
KABAN = J("Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "JPT", "Pratama", ("IV/c",))
KADIS = J("Kepala Dinas Pendidikan", "JPT", "Pratama", ("IV/c",))
KABAG = J("Kepala Bagian", "JA", "Administrator", ("IV/a", "IV/b"))
KABID = J("Kepala Bidang", "JA", "Administrator", ("IV/a", "IV/b"))
SEKRETARIS = J("Sekretaris", "JA", "Administrator", ("IV/a", "IV/b"))
KASUBBID = J("Kepala Subbidang", "JA", "Pengawas", ("III/c", "III/d"))
KASEK = J("Kepala Sekolah", "JF", "Guru Ahli Madya", ("IV/a", "IV/b"))
STAF = (
    J("Pengadministrasi Perkantoran", "JA", "Pelaksana", ("II/b", "II/c", "II/d"), "V"),
    J("Penata Layanan Operasional", "JA", "Pelaksana", ("III/a", "III/b"), "VII"),
    J("Pengelola Umum Operasional", "JA", "Pelaksana", ("II/c", "II/d"), "V"),
    J("Analis SDM Aparatur", "JF", "Ahli Pertama", ("III/a", "III/b"), "IX"),
    J("Analis SDM Aparatur", "JF", "Ahli Muda", ("III/c", "III/d")),
    J("Pranata Komputer", "JF", "Ahli Pertama", ("III/a", "III/b"), "IX"),
    J("Pranata Komputer", "JF", "Terampil", ("II/c", "II/d"), "VII"),
    J("Arsiparis", "JF", "Terampil", ("II/c", "II/d", "III/a"), "VII"),
    J("Analis Kebijakan", "JF", "Ahli Muda", ("III/c", "III/d")),
)
GURU = (
    J("Guru Kelas", "JF", "Ahli Pertama", ("III/a", "III/b"), "IX"),
    J("Guru Kelas", "JF", "Ahli Muda", ("III/c", "III/d")),
    J("Guru Matematika", "JF", "Ahli Pertama", ("III/a", "III/b"), "IX"),
    J("Guru Bahasa Indonesia", "JF", "Ahli Pertama", ("III/a", "III/b"), "IX"),
    J("Guru Kelas", "JF", "Ahli Madya", ("IV/a",)),
)

# (key, parent key, nama, eselon, jenis_induk, leader jabatan or None, staff count, staff pool)
UNITS = (
    ("root", None, "PEMERINTAH KABUPATEN SUKAMAJU", "00", "", None, 0, STAF),
    ("setda", "root", "SEKRETARIAT DAERAH", "21", "JPT", SEKDA, 3, STAF),
    ("org", "setda", "BAGIAN ORGANISASI", "31", "", KABAG, 6, STAF),
    ("umum", "setda", "BAGIAN UMUM", "31", "", KABAG, 10, STAF),
    (
        "bkpsdm",
        "setda",
        "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        "22",
        "MANDIRI",
        KABAN,
        2,
        STAF,
    ),
    ("sekban", "bkpsdm", "SEKRETARIAT BKPSDM", "31", "", SEKRETARIS, 10, STAF),
    ("ppi", "bkpsdm", "BIDANG PENGADAAN, PEMBERHENTIAN DAN INFORMASI", "32", "", KABID, 7, STAF),
    ("data", "ppi", "SUBBIDANG DATA DAN INFORMASI KEPEGAWAIAN", "42", "", KASUBBID, 5, STAF),
    ("pkap", "bkpsdm", "BIDANG PENILAIAN KINERJA APARATUR DAN PENGHARGAAN", "32", "", None, 8, STAF),
    ("bangkom", "bkpsdm", "BIDANG PENGEMBANGAN KOMPETENSI APARATUR", "32", "", None, 7, STAF),
    ("disdik", "setda", "DINAS PENDIDIKAN", "22", "JPT", KADIS, 2, STAF),
    ("sekdis", "disdik", "SEKRETARIAT DINAS PENDIDIKAN", "31", "", SEKRETARIS, 10, STAF),
    ("bidsd", "disdik", "BIDANG PEMBINAAN SEKOLAH DASAR", "32", "", KABID, 8, STAF),
    ("sd1", "disdik", "SD NEGERI 1 SUKAMAJU", "", "", KASEK, 15, GURU),
    ("sd2", "disdik", "SD NEGERI 2 SUKAMAJU", "", "", KASEK, 14, GURU),
    ("smp1", "disdik", "SMP NEGERI 1 SUKAMAJU", "", "", KASEK, 16, GURU),
    ("smp2", "disdik", "SMP NEGERI 2 SUKAMAJU", "", "", None, 14, GURU),
)


@dataclass
class Login:
    peran: str
    username: str
    nama: str
    keterangan: str


class _Builder:
    def __init__(self):
        self.rnd = random.Random(20260101)
        self.urut = 0
        self.password = make_password(PASSWORD)
        self.jabatan: dict[tuple[str, str], Jabatan] = {}
        self.names: set[str] = set()

    def nama(self) -> tuple[str, str]:
        while True:
            depan, belakang = self.rnd.choice(DEPAN), self.rnd.choice(BELAKANG)
            if (n := f"{depan} {belakang}".upper()) not in self.names:
                self.names.add(n)
                kelamin = rules.WANITA if depan in NAMA_WANITA else rules.PRIA
                return n, kelamin

    def jab(self, j: J, unit_nama: str) -> Jabatan:
        nama = j.nama
        if j in (KABAG, KABID, KASUBBID):
            nama = f"Kepala {_title(unit_nama)}"
        elif j is SEKRETARIS:
            nama = f"Sekretaris {_title(unit_nama.removeprefix('SEKRETARIAT '))}"
        key = (nama, j.jenjang)
        if key not in self.jabatan:
            self.jabatan[key], _ = Jabatan.objects.get_or_create(
                nama=nama, jenjang=j.jenjang, defaults={"jenis": j.jenis}
            )
        return self.jabatan[key]

    def pegawai(self, instansi, unit, j: J, *, pimpinan=False, pppk=False) -> Pegawai:
        nama, kelamin = self.nama()
        lahir = datetime.date(self.rnd.randint(1966, 1997), self.rnd.randint(1, 12), self.rnd.randint(1, 28))
        self.urut += 1
        if pppk:
            tmt = datetime.date(self.rnd.choice((2022, 2023, 2024)), self.rnd.choice((1, 3, 4)), 1)
            tmt_pns, golongan, asn = None, j.pppk, rules.PPPK
        else:
            year = min(max(lahir.year + self.rnd.randint(23, 30), 1990), 2023)
            tmt = datetime.date(year, self.rnd.choice((1, 3, 12)), 1)
            tmt_pns, golongan, asn = tmt.replace(year=tmt.year + 1), self.rnd.choice(j.golongan), rules.PNS
        nip = rules.make_nip(
            tanggal_lahir=lahir, tmt=tmt, jenis_asn=asn, jenis_kelamin=kelamin, urut=self.urut % 999 + 1
        )
        user = User.objects.create(username=nip, password=self.password, peran=Peran.PEGAWAI)
        gelar = self.rnd.choice(("S.Kom.", "S.E.", "S.Pd.", "S.H.", "S.Sos.", "M.Si.", "", "A.Md."))
        return Pegawai.objects.create(
            user=user,
            instansi=instansi,
            nip=nip,
            nama=nama,
            gelar_belakang=gelar,
            tempat_lahir=self.rnd.choice(KOTA).upper(),
            tanggal_lahir=lahir,
            jenis_kelamin=kelamin,
            jenis_asn=asn,
            tmt_cpns=tmt,
            tmt_pns=tmt_pns,
            jabatan=self.jab(j, unit.nama),
            tmt_jabatan=tmt.replace(year=min(tmt.year + 3, 2025)),
            golongan=golongan,
            tmt_golongan=tmt.replace(year=min(tmt.year + 4, 2025)),
            unit_kerja=unit,
            jenis_pegawai=JenisPegawai.PIMPINAN if pimpinan else JenisPegawai.PEGAWAI,
        )


def _title(nama: str) -> str:
    keep = {"BKPSDM": "BKPSDM", "DAN": "dan"}
    return " ".join(keep.get(w, w.capitalize()) for w in nama.split())


def demo_exists() -> bool:
    return Instansi.objects.filter(kode=KODE).exists()


@transaction.atomic
def build() -> None:
    """Create the demo organisation. Call only when `demo_exists()` is False."""
    b = _Builder()
    instansi = Instansi.objects.create(kode=KODE, nama="Pemerintah Kabupaten Sukamaju")
    units: dict[str, UnitKerja] = {}
    people: dict[str, list[Pegawai]] = {}
    for key, parent, nama, eselon, induk, leader, count, pool in UNITS:
        unit = UnitKerja.objects.create(
            instansi=instansi,
            id_unor=f"d3m0{b.rnd.getrandbits(112):028x}",
            nama=nama,
            eselon=eselon,
            parent=units.get(parent),
            jenis_induk=induk,
        )
        units[key] = unit
        people[key] = []
        if leader:
            people[key].append(b.pegawai(instansi, unit, leader, pimpinan=True))
        for i in range(count):
            j = pool[i % len(pool)]
            people[key].append(b.pegawai(instansi, unit, j, pppk=bool(j.pppk) and i % 3 == 2))
    # PLT: a Kepala Subbidang acts for the leaderless Bidang PKAP; a senior teacher is PLH of SMP Negeri 2.
    start = datetime.date(datetime.date.today().year, 1, 2)
    PenugasanPlt.objects.create(
        pegawai=people["data"][0],
        unit_kerja=units["pkap"],
        jenis=JenisPenugasan.PLT,
        nomor_sk="800/017/BKPSDM/DEMO",
        tanggal_mulai=start,
    )
    PenugasanPlt.objects.create(
        pegawai=people["smp2"][4],
        unit_kerja=units["smp2"],
        jenis=JenisPenugasan.PLH,
        nomor_sk="800/102/DISDIK/DEMO",
        tanggal_mulai=start,
    )
    # A seconded employee keeps the definitive unit and assessor.
    seconded = people["umum"][3]
    seconded.diperbantukan_di = "Sekretariat DPRD Kabupaten Sukamaju"
    seconded.save(update_fields=["diperbantukan_di"])
    # The instansi admin is a BKPSDM staff member; the national admin is a system account.
    admin = people["data"][1].user
    admin.peran, admin.instansi = Peran.ADMIN_INSTANSI, instansi
    admin.save(update_fields=["peran", "instansi"])
    User.objects.create(
        username=ADMIN_NASIONAL,
        password=b.password,
        peran=Peran.ADMIN_NASIONAL,
        first_name="Admin",
        last_name="Nasional",
    )


def logins() -> list[Login]:
    """The demo accounts worth trying, read back from the database."""
    instansi = Instansi.objects.get(kode=KODE)
    by_unit = {}
    for p in Pegawai.objects.filter(instansi=instansi).select_related("unit_kerja", "user").order_by("pk"):
        by_unit.setdefault(p.unit_kerja.nama, []).append(p)

    def first(unit: str, pimpinan: bool, skip: int = 0) -> Pegawai:
        return [p for p in by_unit[unit] if p.is_pimpinan == pimpinan][skip]

    admin = User.objects.get(peran=Peran.ADMIN_INSTANSI, instansi=instansi)
    rows = [
        (
            Peran.ADMIN_INSTANSI.label,
            admin.pegawai,
            "Admin BKPSDM: Manajemen Unit Kerja, Pegawai, PLT/PLH, Impor",
        ),
        (
            "Pegawai",
            first("BIDANG PENILAIAN KINERJA APARATUR DAN PENGHARGAAN", False),
            "dinilai oleh PLT Kepala Bidang",
        ),
        (
            "Pegawai",
            first("BIDANG PENGEMBANGAN KOMPETENSI APARATUR", False),
            "unit tanpa pimpinan: tidak ada penilai",
        ),
        (
            "Pimpinan",
            first("BIDANG PENGADAAN, PEMBERHENTIAN DAN INFORMASI", True),
            "Kepala Bidang dengan bawahan",
        ),
        (
            "Pimpinan + PLT",
            first("SUBBIDANG DATA DAN INFORMASI KEPEGAWAIAN", True),
            "Kasubbid, juga PLT Bidang PKAP",
        ),
        (
            "Pimpinan JPT",
            first("BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA", True),
            "Kepala BKPSDM",
        ),
        ("Guru", first("SD NEGERI 1 SUKAMAJU", False), "guru, User PMM: SKP dari Sinkro PMM"),
    ]
    result = [Login(peran, p.nip, p.nama, ket) for peran, p, ket in rows]
    result.append(Login(Peran.ADMIN_NASIONAL.label, ADMIN_NASIONAL, "Admin Nasional", "semua instansi"))
    return result
