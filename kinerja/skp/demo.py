"""Demo SKPs for the fictional Kabupaten Sukamaju: every status, a cascade two levels below a JPT, a mutasi, a PLT."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kinerja.org.models import Jabatan, Pegawai, PenugasanPlt, UnitKerja

from .models import Skp
from .services import perilaku, periode, rhk, workflow


def _people(instansi) -> dict[str, list[Pegawai]]:
    by_unit: dict[str, list[Pegawai]] = {}
    for p in (
        Pegawai.objects.filter(instansi=instansi)
        .select_related("user", "unit_kerja", "jabatan")
        .order_by("pk")
    ):
        by_unit.setdefault(p.unit_kerja.nama, []).append(p)
    return by_unit


def _skp(p: Pegawai, year: int, **kw) -> Skp:
    awal = kw.pop("awal", datetime.date(year, 1, 1))
    akhir = kw.pop("akhir", datetime.date(year, 12, 31))
    return periode.skp_create(
        actor=p.user, pegawai=p, periode_awal=awal, periode_akhir=akhir, pendekatan="KUANTITATIF", **kw
    )


def _rhk(skp: Skp, teks: str, indikator: list[tuple], atasan=None, jenis="UTAMA", actor=None):
    actor = actor or skp.pegawai.user
    r = rhk.rhk_create(
        actor=actor,
        skp=skp,
        jenis=jenis,
        klasifikasi="INDIVIDU",
        teks=teks,
        penugasan_dari="Sekretaris Daerah" if skp.is_jpt else "",
        rhk_atasan=atasan,
    )
    for item in indikator:
        if skp.is_jpt:
            text, target, perspektif = item
            rhk.indikator_create(actor=actor, rhk=r, teks=text, target_nilai=target, perspektif=perspektif)
        else:
            aspek, text, target, satuan = item
            rhk.indikator_create(
                actor=actor, rhk=r, teks=text, aspek=aspek, target_nilai=target, target_satuan=satuan
            )
    return r


def _approve(skp: Skp) -> None:
    workflow.skp_ajukan(actor=skp.pegawai.user, skp=skp)
    workflow.skp_setujui(actor=skp.penilai.user, skp=skp)


def _lampiran(skp: Skp) -> None:
    for jenis, teks in (
        ("DUKUNGAN_SUMBER_DAYA", "Aplikasi e-Kinerja dan SIASN"),
        ("DUKUNGAN_SUMBER_DAYA", "Anggaran kegiatan penilaian kinerja"),
        ("SKEMA_PERTANGGUNGJAWABAN", "Laporan triwulanan kepada pimpinan unit kerja"),
        ("KONSEKUENSI", "Predikat kinerja menjadi dasar pemberian tunjangan kinerja"),
    ):
        perilaku.lampiran_add(actor=skp.pegawai.user, skp=skp, jenis=jenis, teks=teks)


def demo_exists(instansi) -> bool:
    return Skp.objects.filter(instansi=instansi).exists()


@transaction.atomic
def build(instansi) -> None:
    year = timezone.localdate().year
    u = _people(instansi)

    def lead(unit: str) -> Pegawai:
        return next(p for p in u[unit] if p.is_pimpinan)

    def staff(unit: str) -> list[Pegawai]:
        return [p for p in u[unit] if not p.is_pimpinan]

    sekda = _skp(lead("SEKRETARIAT DAERAH"), year)
    r_sekda = _rhk(
        sekda,
        "Meningkatnya kualitas tata kelola pemerintahan daerah",
        [("Indeks Reformasi Birokrasi", "75", "Proses Bisnis")],
    )
    # Sekda heads the tree: nobody in e-Kinerja assesses them, so the SKP stays a DRAFT to be printed and signed.

    kaban = _skp(lead("BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"), year)
    r_kaban = _rhk(
        kaban,
        "Meningkatnya profesionalitas Aparatur Sipil Negara",
        [
            ("Indeks Profesionalitas ASN", "80", "Penerima Layanan"),
            ("Persentase ASN dengan predikat kinerja minimal Baik", "90", "Proses Bisnis"),
        ],
    )
    _rhk(
        kaban,
        "Terselenggaranya manajemen talenta ASN",
        [("Persentase jabatan diisi melalui manajemen talenta", "60", "Penguatan Internal")],
    )
    for nilai, teks in (
        (1, "Merespons keluhan layanan kepegawaian paling lambat 2 hari kerja"),
        (3, "Mengikuti minimal 20 jam pelajaran pengembangan kompetensi"),
    ):
        perilaku.ekspektasi_set(actor=sekda.pegawai.user, skp=kaban, nilai=nilai, teks=teks)
    _lampiran(kaban)
    del r_sekda

    ppi_unit = "BIDANG PENGADAAN, PEMBERHENTIAN DAN INFORMASI"
    kabid = _skp(lead(ppi_unit), year)
    r_kabid = _rhk(
        kabid,
        "Terkelolanya data dan informasi kepegawaian yang mutakhir",
        atasan=r_kaban,
        indikator=[
            ("Kuantitas", "Persentase data ASN yang mutakhir di SIASN", "95", "%"),
            ("Waktu", "Waktu pemutakhiran data", "12", "Bulan"),
        ],
    )
    _approve(kaban)
    _approve(kabid)

    sub_unit = "SUBBIDANG DATA DAN INFORMASI KEPEGAWAIAN"
    kasub = _skp(lead(sub_unit), year)
    r_kasub = _rhk(
        kasub,
        "Tersedianya laporan pemutakhiran data ASN",
        atasan=r_kabid,
        indikator=[("Kuantitas", "Jumlah laporan pemutakhiran data ASN", "12", "Laporan")],
    )
    _approve(kasub)
    # Staff of the subbidang, two levels below the JPT, in every status.
    statuses = ["PERSETUJUAN", "PENGAJUAN", "DRAFT", "DIKEMBALIKAN", "PERSETUJUAN"]
    for p, status in zip(staff(sub_unit), statuses, strict=False):
        s = _skp(p, year)
        _rhk(
            s,
            f"Terverifikasinya data kepegawaian ({p.jabatan.nama})",
            atasan=r_kasub,
            indikator=[
                ("Kuantitas", "Jumlah dokumen terverifikasi", "240", "Dokumen"),
                ("Kualitas", "Persentase dokumen tanpa kesalahan", "98", "%"),
            ],
        )
        if status in ("PENGAJUAN", "PERSETUJUAN", "DIKEMBALIKAN"):
            workflow.skp_ajukan(actor=p.user, skp=s)
        if status == "PERSETUJUAN":
            workflow.skp_setujui(actor=kasub.pegawai.user, skp=s)
        if status == "DIKEMBALIKAN":
            workflow.skp_kembalikan(
                actor=kasub.pegawai.user,
                skp=s,
                catatan="Target jumlah dokumen belum sesuai beban kerja; mohon diperbaiki.",
            )

    # PLT: the Kasubbid also leads Bidang PKAP as PLT, and assesses its members from a PLT SKP.
    tugas = PenugasanPlt.objects.get(unit_kerja__nama="BIDANG PENILAIAN KINERJA APARATUR DAN PENGHARGAAN")
    plt = _skp(
        tugas.pegawai,
        year,
        awal=max(tugas.tanggal_mulai, datetime.date(year, 1, 1)),
        status_pegawai="PLT",
        penugasan_plt=tugas,
    )
    r_plt = _rhk(
        plt,
        "Terlaksananya penilaian kinerja ASN tepat waktu",
        atasan=r_kaban,
        indikator=[("Kuantitas", "Persentase ASN yang dinilai tepat waktu", "100", "%")],
    )
    _approve(plt)
    for i, p in enumerate(staff("BIDANG PENILAIAN KINERJA APARATUR DAN PENGHARGAAN")[:4]):
        s = _skp(p, year)
        _rhk(
            s,
            "Tersusunnya rekap penilaian kinerja pegawai",
            atasan=r_plt,
            indikator=[("Kuantitas", "Jumlah rekap penilaian kinerja", "4", "Rekap")],
        )
        if i < 3:
            workflow.skp_ajukan(actor=p.user, skp=s)
        if i < 2:
            workflow.skp_setujui(actor=plt.pegawai.user, skp=s)

    # Mutasi: a staff member of Bidang PPI moves to Bagian Umum on 1 July.
    pindah = staff(ppi_unit)[0]
    lama = _skp(pindah, year)
    _rhk(
        lama,
        "Terarsipnya dokumen pemberhentian ASN",
        atasan=r_kabid,
        indikator=[("Kuantitas", "Jumlah arsip pemberhentian", "50", "Berkas")],
    )
    _approve(lama)
    umum = UnitKerja.objects.get(instansi=instansi, nama="BAGIAN UMUM")
    jabatan = Jabatan.objects.filter(nama="Pengelola Umum Operasional").first()
    periode.skp_mutasi(
        actor=pindah.user,
        skp=lama,
        tmt=datetime.date(year, 7, 1),
        unit_kerja=umum,
        jabatan=jabatan,
        pendekatan="KUANTITATIF",
        salin_rhk=True,
    )
