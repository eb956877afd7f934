"""The world of the authorization matrix: one instansi with a unit tree and every kind of object an employee owns,
built once through the services (so that snapshots, assessors and audit rows are what users get), plus a second
instansi, and the personas who knock on every door.

The owner (pemilik) sits in BIDANG MATRIKS with a colleague (kolega); KEPALA BIDANG assesses them (penilai);
KEPALA BADAN is the assessor's own assessor (atasan_penilai) and decides the owner's keberatan; unit_lain sits in a
sibling unit; admin is the instansi's admin, admin_lain another instansi's; admin_nasional sees every instansi.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from kinerja.api.keys import apikey_create
from kinerja.harian.models import PengaturanHarian
from kinerja.harian.services import ckhp, tahapan
from kinerja.integrasi.models import JobSinkronisasi, LogSinkronisasi, PenggunaPmm
from kinerja.laporan import cetak_job
from kinerja.laporan.services_cetak import cetak_massal_mulai
from kinerja.org.models import Jabatan, PenugasanPlt, Peran
from kinerja.penilaian.services import evaluasi, keberatan, pengisian, rekan
from kinerja.penilaian.services.penilaian import penilaian_tambah
from kinerja.sampah.models import Sampah
from kinerja.skp.services import matriks, perilaku, workflow
from kinerja.skp.services import rhk as rhk_services

from ..factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory, UserFactory
from ..laporan.conftest import nilai
from ..penilaian.conftest import approve, make_periods
from ..skp.conftest import YEAR, add_rhk, make_skp

PERSONA = (
    "pemilik",
    "penilai",
    "atasan_penilai",
    "kolega",
    "unit_lain",
    "admin",
    "admin_lain",
    "admin_nasional",
    "anonim",
)
PEGAWAI = PERSONA[:5]
# The API has two more callers: a read key of the owner's instansi and a write key of the other instansi.
PERSONA_API = (*PERSONA, "kunci_baca", "kunci_lain")

# Texts only the owner's side may read: none of them may reach a persona outside the owner's circle.
RHK_RAHASIA = "RHK-RAHASIA-PEMILIK tersusunnya laporan kinerja"
RAHASIA = {
    "rhk": RHK_RAHASIA,
    "aksi": "AKSI-RAHASIA-PEMILIK",
    "bukti": "BUKTI-RAHASIA-PEMILIK",
    "realisasi": "REALISASI-RAHASIA-PEMILIK",
    "keberatan": "KEBERATAN-RAHASIA-PEMILIK",
    "ckhp": "CKHP-RAHASIA-PEMILIK",
    "umpan_balik": "UMPAN-BALIK-RAHASIA",
    "pembinaan": "PEMBINAAN-RAHASIA",
    "lampiran": "LAMPIRAN-RAHASIA",
}
# The frozen "today" of the whole module: inside Triwulan II (open until 5 July) and inside the SKP year.
HARI_INI = datetime.date(YEAR, 6, 16)


class Dunia:
    """Attributes are set by `bangun`; `user(persona)` is the login of a persona (None for anonim)."""

    def user(self, persona: str):
        return getattr(self, f"user_{persona}")

    def skp_milik(self, persona: str):
        """The persona's own SKP of this year (admins have none: the assessor's, as in the plain rows)."""
        own = {"pemilik": self.skp, "atasan_penilai": self.skp_kaban, "kolega": self.skp_kolega}
        return {**own, "unit_lain": self.skp_lain}.get(persona, self.skp_kabid)

    def milik(self, persona: str) -> set[str]:
        """What a persona's own pages show of themself (name, NIP, unit): never a leak."""
        pegawai = {
            "penilai": self.kabid,
            "atasan_penilai": self.kaban,
            "kolega": self.kolega,
            "unit_lain": self.lain,
        }
        p = pegawai.get(persona)
        return {p.nama, p.nip, p.unit_kerja.nama} if p else set()

    @property
    def rahasia(self) -> list[str]:
        """The owner's NIP, name and texts, and links to their SKP and periods (a list that shows an SKP row
        links to it, even where the row shows no name)."""
        tautan = [f'href="/skp/{self.skp.pk}/', f'href="/skp/{self.skp_draft.pk}/']
        tautan += [f'href="/penilaian/{p.pk}/' for p in (self.tw2, self.final)]
        return [self.pemilik.nip, self.pemilik.nama, *RAHASIA.values(), *tautan]


def _jabatan(nama, jenis, jenjang):
    return Jabatan.objects.get_or_create(nama=nama, jenis=jenis, jenjang=jenjang)[0]


def _organisasi(w: Dunia) -> None:
    w.instansi = InstansiFactory(nama="Pemerintah Kab. Matriks")
    root = UnitKerjaFactory(instansi=w.instansi, nama="PEMERINTAH KAB. MATRIKS", eselon="00")
    w.badan = UnitKerjaFactory(
        instansi=w.instansi, parent=root, nama="BADAN MATRIKS", eselon="22", jenis_induk="MANDIRI"
    )
    w.bidang = UnitKerjaFactory(
        instansi=w.instansi, parent=w.badan, nama="BIDANG MATRIKS RAHASIA", eselon="32"
    )
    w.bidang_lain = UnitKerjaFactory(instansi=w.instansi, parent=w.badan, nama="BIDANG SEBELAH", eselon="32")
    jf = _jabatan("Analis SDM Aparatur", "JF", "Ahli Pertama")
    w.kaban = PegawaiFactory(
        unit_kerja=w.badan,
        nama="KEPALA BADAN MATRIKS",
        jenis_pegawai="PIMPINAN",
        jabatan=_jabatan("Kepala Badan Matriks", "JPT", "Pratama"),
    )
    w.kabid = PegawaiFactory(
        unit_kerja=w.bidang,
        nama="KEPALA BIDANG MATRIKS",
        jenis_pegawai="PIMPINAN",
        jabatan=_jabatan("Kepala Bidang Matriks", "JA", "Administrator"),
    )
    w.pemilik = PegawaiFactory(unit_kerja=w.bidang, nama="PEMILIK SKP RAHASIA", jabatan=jf)
    w.kolega = PegawaiFactory(unit_kerja=w.bidang, nama="KOLEGA SATU BIDANG", jabatan=jf)
    w.lain = PegawaiFactory(unit_kerja=w.bidang_lain, nama="PEGAWAI UNIT SEBELAH", jabatan=jf)
    w.admin_user = UserFactory(username="admin-matriks", peran=Peran.ADMIN_INSTANSI, instansi=w.instansi)

    w.instansi_lain = InstansiFactory(nama="Pemerintah Kab. Tetangga")
    w.unit_luar = UnitKerjaFactory(instansi=w.instansi_lain, nama="DINAS TETANGGA", eselon="22")
    w.pegawai_luar = PegawaiFactory(unit_kerja=w.unit_luar, nama="PEGAWAI TETANGGA")
    w.admin_lain_user = UserFactory(
        username="admin-tetangga", peran=Peran.ADMIN_INSTANSI, instansi=w.instansi_lain
    )
    w.nasional_user = UserFactory(username="admin-nasional-matriks", peran=Peran.ADMIN_NASIONAL)

    w.user_pemilik, w.user_penilai, w.user_atasan_penilai = w.pemilik.user, w.kabid.user, w.kaban.user
    w.user_kolega, w.user_unit_lain = w.kolega.user, w.lain.user
    w.user_admin, w.user_admin_lain, w.user_admin_nasional = w.admin_user, w.admin_lain_user, w.nasional_user
    w.user_anonim = None


def _skp_berjenjang(w: Dunia, tahun: int):
    """kaban (JPT) > kabid (JA) SKPs of one year; returns kabid's SKP and RHK."""
    awal, akhir = datetime.date(tahun, 1, 1), datetime.date(tahun, 12, 31)
    skp_kaban = make_skp(w.kaban, awal, akhir)
    rhk_kaban = add_rhk(skp_kaban, f"Meningkatnya kinerja aparatur {tahun}")
    skp_kabid = make_skp(w.kabid, awal, akhir)
    rhk_kabid = add_rhk(skp_kabid, f"Terlaksananya penilaian kinerja {tahun}", atasan=rhk_kaban)
    return skp_kaban, skp_kabid, rhk_kabid


def _skp(w: Dunia) -> None:
    w.skp_kaban, w.skp_kabid, w.rhk_kabid = _skp_berjenjang(w, YEAR)
    approve(w.skp_kabid)
    # The owner's SKP of this year: submitted, given expectations by the assessor, approved.
    w.skp = make_skp(w.pemilik)
    w.rhk = add_rhk(w.skp, RHK_RAHASIA, atasan=w.rhk_kabid)
    w.indikator = w.rhk.indikator.get()
    perilaku.lampiran_add(actor=w.pemilik.user, skp=w.skp, jenis="KONSEKUENSI", teks=RAHASIA["lampiran"])
    workflow.skp_ajukan(actor=w.pemilik.user, skp=w.skp)
    perilaku.ekspektasi_set(actor=w.kabid.user, skp=w.skp, nilai=1, teks="Ekspektasi pimpinan matriks")
    workflow.skp_setujui(actor=w.kabid.user, skp=w.skp)
    w.skp.refresh_from_db()

    # Last year's SKP, still DRAFT: the target of every edit form (RHK, indikator, lampiran, tahapan).
    _, _, rhk_kabid_lalu = _skp_berjenjang(w, YEAR - 1)
    w.skp_draft = make_skp(w.pemilik, datetime.date(YEAR - 1, 1, 1), datetime.date(YEAR - 1, 12, 31))
    w.rhk_draft = add_rhk(w.skp_draft, "RHK draf pemilik", atasan=rhk_kabid_lalu)
    w.indikator_draft = w.rhk_draft.indikator.get()
    w.lampiran_draft = perilaku.lampiran_add(
        actor=w.pemilik.user, skp=w.skp_draft, jenis="KONSEKUENSI", teks="Lampiran draf pemilik"
    )
    # An RHK the owner deleted: it waits in the Tempat Sampah for an admin of the instansi to restore it.
    terbuang = add_rhk(w.skp_draft, "RHK-TERBUANG-PEMILIK", atasan=rhk_kabid_lalu)
    rhk_services.rhk_delete(actor=w.pemilik.user, rhk=terbuang)
    w.sampah = Sampah.objects.get(instansi=w.instansi)

    # Two years ago: submitted and waiting for the assessor (Edit Status, Ekspektasi, Setujui).
    _, _, rhk_kabid_ajuan = _skp_berjenjang(w, YEAR - 2)
    w.skp_ajuan = make_skp(w.pemilik, datetime.date(YEAR - 2, 1, 1), datetime.date(YEAR - 2, 12, 31))
    add_rhk(w.skp_ajuan, "RHK pengajuan pemilik", atasan=rhk_kabid_ajuan)
    workflow.skp_ajukan(actor=w.pemilik.user, skp=w.skp_ajuan)
    w.skp_ajuan.refresh_from_db()

    # The colleague's and the other unit's SKPs; the latter sits in the assessor's Matriks Peran Hasil.
    w.skp_kolega = make_skp(w.kolega)
    w.skp_lain = make_skp(w.lain)
    w.anggota_matriks = matriks.matriks_tambah_pegawai(
        actor=w.kabid.user, skp_pimpinan=w.skp_kabid, skp_anggota=w.skp_lain
    )


def _penilaian(w: Dunia) -> None:
    w.periode = make_periods(w.instansi)
    w.tw2 = penilaian_tambah(actor=w.pemilik.user, skp=w.skp, periode=w.periode[2])
    w.final = penilaian_tambah(actor=w.pemilik.user, skp=w.skp, periode=w.periode["final"])
    owner, assessor = w.pemilik.user, w.kabid.user
    w.aksi = pengisian.rencana_aksi_create(
        actor=owner, penilaian=w.tw2, rhk=w.rhk, teks=RAHASIA["aksi"], target="3 laporan"
    )
    w.bukti = pengisian.bukti_create(
        actor=owner,
        penilaian=w.tw2,
        indikator=w.indikator,
        nama=RAHASIA["bukti"],
        link="https://drive.example.go.id/bukti-rahasia",
    )
    pengisian.realisasi_set(
        actor=owner,
        penilaian=w.tw2,
        indikator=w.indikator,
        realisasi=RAHASIA["realisasi"],
        sumber_data="Arsip",
    )
    evaluasi.feedback_indikator_simpan(
        actor=assessor, penilaian=w.tw2, indikator=w.indikator, jempol="NAIK", teks=RAHASIA["umpan_balik"]
    )
    evaluasi.feedback_perilaku_simpan(
        actor=assessor, penilaian=w.tw2, nilai=1, jempol="NAIK", teks="Perilaku melayani baik"
    )
    w.pembinaan = evaluasi.pembinaan_tambah(actor=assessor, penilaian=w.tw2, teks=RAHASIA["pembinaan"])
    w.feedback_rekan = rekan.feedback_rekan_simpan(
        actor=w.kolega.user, skp=w.skp, nilai=2, teks="Rekan kerja yang akuntabel"
    )
    pengisian.bukti_create(
        actor=owner,
        penilaian=w.final,
        indikator=w.indikator,
        nama="Bukti final",
        link="https://drive.example.go.id/bukti-final",
    )
    w.final = nilai(w.final, "SANGAT_BAIK")
    w.keberatan = keberatan.keberatan_ajukan(actor=owner, penilaian=w.final, alasan=RAHASIA["keberatan"])
    w.final.refresh_from_db()


def _harian(w: Dunia) -> None:
    PengaturanHarian.objects.create(
        instansi=w.instansi, aktif=True, hari_mundur=5, realisasi_bulanan_diubah=True
    )
    owner = w.pemilik.user
    w.tahapan = tahapan.tahapan_create(actor=owner, rhk=w.rhk_draft, nama="Tahapan draf pemilik")
    w.catatan = ckhp.catatan_tambah(
        actor=owner, skp=w.skp, indikator=w.indikator, tanggal=HARI_INI, uraian=RAHASIA["ckhp"], realisasi="1"
    )
    w.catatan_periksa = ckhp.catatan_tambah(
        actor=owner,
        skp=w.skp,
        indikator=w.indikator,
        tanggal=HARI_INI - datetime.timedelta(days=1),
        uraian="Catatan dikirim pemilik",
        realisasi="2",
    )
    ckhp.catatan_kirim(actor=owner, catatan_list=[w.catatan_periksa])


def _admin(w: Dunia, cetak_root) -> None:
    w.api_key, w.kunci_baca = apikey_create(
        actor=w.admin_user, instansi=w.instansi, nama="Sistem TPP Matriks", akses="BACA"
    )
    _, w.kunci_lain = apikey_create(
        actor=w.admin_lain_user, instansi=w.instansi_lain, nama="Sistem Tetangga", akses="TULIS"
    )
    w.pengguna_pmm = PenggunaPmm.objects.create(pegawai=w.pemilik, instansi=w.instansi, jenis_ptk="Guru")
    w.job_sinkron = JobSinkronisasi.objects.create(
        instansi=w.instansi, jenis="SKP", tahun=YEAR, pegawai_ids=[w.pemilik.pk], status="SELESAI", total=1
    )
    w.log_sinkron = LogSinkronisasi.objects.create(
        instansi=w.instansi,
        pegawai=w.pemilik,
        nip=w.pemilik.nip,
        nama=w.pemilik.nama,
        sistem="PMM",
        jenis="SKP",
        tahun=YEAR,
        status="GAGAL",
        keterangan="Error: 404 data tidak ditemukan",
    )
    w.plt = PenugasanPlt.objects.create(
        pegawai=w.lain,
        unit_kerja=w.bidang_lain,
        jenis="PLT",
        nomor_sk="800/1/MATRIKS",
        tanggal_mulai=HARI_INI + datetime.timedelta(days=30),
    )
    w.job_cetak = cetak_massal_mulai(actor=w.admin_user, instansi=w.instansi, tahun=YEAR, unit=w.bidang)
    cetak_job.run(w.job_cetak.pk)
    w.job_cetak.refresh_from_db()
    assert w.job_cetak.file, w.job_cetak.pesan


def bangun(cetak_root) -> Dunia:
    assert timezone.localdate() == HARI_INI, "the world is built at the frozen date"
    w = Dunia()
    _organisasi(w)
    _skp(w)
    _penilaian(w)
    _harian(w)
    _admin(w, cetak_root)
    return w
