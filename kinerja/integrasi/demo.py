"""Demo integrations for Kabupaten Sukamaju: PMM users (the teachers and principals of two schools), an emulator
dataset that contains every failure case of seed 003, and a Log Sinkronisasi filled by really running the syncs
against an in-process emulator.

`manage.py emulator` serves `emulator_dataset()` on 127.0.0.1:8765 for `make run`, so the buttons work in the demo.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from kinerja.org.models import Instansi, Pegawai, Peran, User

from .emulator import Emulator
from .emulator import dataset as ds
from .models import LogSinkronisasi, PenggunaPmm

SEKOLAH = ("SD NEGERI 1 SUKAMAJU", "SD NEGERI 2 SUKAMAJU")
KS_RHK = (
    (
        "Tersusunnya Kurikulum Operasional Satuan Pendidikan (KOSP) sebagai acuan dalam peningkatan pembelajaran",
        "Tingkat kualitas penyusunan dokumen KOSP yang berorientasi pada peningkatan pembelajaran",
    ),
    (
        "Terkelolanya pelaksanaan pembelajaran yang berfokus pada implementasi KOSP",
        "Tingkat keterlaksanaan pengelolaan pembelajaran yang mengacu pada KOSP",
    ),
    (
        "Tersusunnya perencanaan satuan pendidikan yang berorientasi pada peningkatan pembelajaran",
        "Tingkat kualitas penyusunan dokumen perencanaan satuan pendidikan",
    ),
)
GURU_RHK = (
    (
        "Terlaksananya pembelajaran yang berpusat pada murid",
        "Persentase murid yang mencapai tujuan pembelajaran",
    ),
    ("Terlaksananya asesmen formatif yang bermakna", "Persentase asesmen formatif yang ditindaklanjuti"),
)


def _school_people(instansi) -> dict[str, list[Pegawai]]:
    people: dict[str, list[Pegawai]] = {s: [] for s in SEKOLAH}
    for p in (
        Pegawai.objects.filter(instansi=instansi, unit_kerja__nama__in=SEKOLAH)
        .select_related("unit_kerja", "jabatan", "instansi", "user")
        .order_by("-jenis_pegawai", "pk")
    ):
        people[p.unit_kerja.nama].append(p)
    return people


def _pmm_nama(unit_nama: str) -> str:
    return unit_nama.replace("SD NEGERI", "SD N")


def _ks_skp(ks: Pegawai, atasan: Pegawai | None, year: int) -> dict:
    rhks = [
        ds.rhk(
            f"ks-{ks.nip}-{i}",
            teks,
            indikator_list=[ds.indikator(f"ks-{ks.nip}-{i}-1", ind)],
            klasifikasi="INDIVIDU" if i else "ORGANISASI",
        )
        for i, (teks, ind) in enumerate(KS_RHK)
    ]
    return ds.skp(
        id=f"skp-{ks.nip}-{year}",
        awal=datetime.date(year, 1, 1),
        akhir=datetime.date(year, 12, 31),
        unor_id=ks.unit_kerja.id_unor,
        unor_nama=_pmm_nama(ks.unit_kerja.nama),
        atasan=atasan,
        rhk_list=rhks,
        jenis_skp="KEPALA SEKOLAH",
    )


def _guru_skp(
    guru: Pegawai, ks: Pegawai, year: int, *, awal=None, akhir=None, unit=None, ks_indikator=None
) -> dict:
    unit = unit or guru.unit_kerja
    rhks = []
    for i, (teks, ind) in enumerate(GURU_RHK):
        ks_rhk, ks_ind = KS_RHK[i]
        rhks.append(
            ds.rhk(
                f"g-{guru.nip}-{i}-{unit.pk}",
                teks,
                indikator_list=[ds.indikator(f"g-{guru.nip}-{i}-{unit.pk}-1", ind, target="80")],
                atasan_rhk=ks_rhk,
                atasan_indikator=ks_indikator if (ks_indikator and i == 0) else ks_ind,
            )
        )
    return ds.skp(
        id=f"skp-{guru.nip}-{unit.pk}-{year}",
        awal=awal or datetime.date(year, 1, 1),
        akhir=akhir or datetime.date(year, 12, 31),
        unor_id=unit.id_unor,
        unor_nama=_pmm_nama(unit.nama),
        atasan=ks,
        rhk_list=rhks,
    )


def emulator_dataset(instansi: Instansi | None = None) -> dict:
    """SIASN and PMM as the demo's outside world, with one person per failure case (documented in docs/demo)."""
    data = ds.empty()
    if instansi is None:
        instansi = Instansi.objects.filter(kode="DEMO-SUKAMAJU").first() or Instansi.objects.first()
    if instansi is None:
        return data
    year = timezone.localdate().year
    people = list(
        Pegawai.objects.filter(instansi=instansi).select_related("unit_kerja", "jabatan", "instansi")
    )
    units = {p.unit_kerja_id: p.unit_kerja for p in people}
    other_unit = next(iter(sorted(units.values(), key=lambda u: u.pk)))
    for i, p in enumerate(sorted(people, key=lambda p: p.pk)):
        if i % 37 == 5:
            continue  # not in SIASN: "Data tidak ditemukan"
        over = {}
        if i % 23 == 3 and p.golongan:
            over = {"golRuangAkhir": p.golongan, "tmtGolAkhir": f"01-04-{year}"}
        if i % 29 == 7:
            over["unorId"], over["unorNama"] = other_unit.id_unor, other_unit.nama
        data["siasn"]["pns"][p.nip] = ds.data_utama(p, **over)

    schools = _school_people(instansi)
    from kinerja.org.atasan import pejabat_penilai

    pmm = data["pmm"]
    for school, members in schools.items():
        if not members:
            continue
        ks, gurus = members[0], members[1:]
        pmm["pengguna"][ks.nip] = ds.pengguna(ks, jenis_ptk="Kepala Sekolah")
        pmm["skp"][ks.nip] = [_ks_skp(ks, pejabat_penilai(ks).pegawai, year)]
        for j, guru in enumerate(gurus):
            pmm["pengguna"][guru.nip] = ds.pengguna(guru, terdaftar=not (school == SEKOLAH[0] and j == 12))
            skp = _guru_skp(guru, ks, year)
            if school == SEKOLAH[0]:
                if j == 9:  # PMM names another principal as atasan
                    other_ks = schools[SEKOLAH[1]][0]
                    skp["atasan"] = {
                        "nip": other_ks.nip,
                        "nama": other_ks.nama,
                        "unor": other_ks.unit_kerja.nama,
                    }
                elif j == 10:  # cascades from a KS indicator that the KS's SKP does not have
                    skp = _guru_skp(
                        guru, ks, year, ks_indikator="Persentase kegiatan ekstrakurikuler terlaksana"
                    )
                elif j == 11:
                    skp = {"error": "Data SKP Organisasi belum dibuat oleh atasan"}
                elif j == 12:
                    skp = None  # "Data SKP pegawai tidak ditemukan"
                elif j == 13:
                    skp["unor"] = {"id": "UNOR-TIDAK-TERDAFTAR", "nama": _pmm_nama(school)}
                elif j == 14:
                    skp["unor"]["nama"] = "SD NEGERI 9 CONTOH"
            if school == SEKOLAH[1] and j == 0:  # rotation: first half of the year in the other school
                sd1 = schools[SEKOLAH[0]][0]
                skp = [
                    _guru_skp(guru, sd1, year, akhir=datetime.date(year, 6, 30), unit=sd1.unit_kerja),
                    _guru_skp(guru, ks, year, awal=datetime.date(year, 7, 1)),
                ]
            if skp is not None:
                pmm["skp"][guru.nip] = [skp] if isinstance(skp, dict) and "error" not in skp else skp
            if school == SEKOLAH[0] and j < 5 and isinstance(skp, dict) and "id" in skp:
                pmm["penilaian"][guru.nip] = [
                    ds.penilaian_periodik(skp["id"], 1, "TRIWULAN I", "SESUAI", "SESUAI", "BAIK"),
                    ds.penilaian_periodik(skp["id"], 2, "TRIWULAN II", "DIATAS", "DIATAS", "SANGAT_BAIK"),
                ]
                rows = [
                    {
                        "indikator_id": r["indikator"][0]["id"],
                        "eviden": [
                            {
                                "nama": "Bukti Dukung Pengelolaan Kinerja pada platform",
                                "link": f"https://pmm.example.id/eviden/{r['id']}",
                            }
                        ],
                        "realisasi": "Realisasi dalam platform berdasarkan capaian yang disetujui atasan",
                        "feedback": "Pertahankan kualitas pembelajaran.",
                    }
                    for r in skp["rhk"]
                ]
                pmm["final"][guru.nip] = ds.penilaian_final(
                    skp["id"], "SESUAI", "SESUAI", "BAIK", guru.unit_kerja.id_unor, rows
                )
    return data


def demo_exists(instansi) -> bool:
    return PenggunaPmm.objects.filter(instansi=instansi).exists()


def build(instansi) -> dict:
    """Register the PMM users, then run Sinkro PMM (principals first, then teachers) against an in-process
    emulator so that the Log Sinkronisasi shows real successes and every failure case."""
    from .services import pmm_penilaian, pmm_skp

    admin = User.objects.get(peran=Peran.ADMIN_INSTANSI, instansi=instansi)
    schools = _school_people(instansi)
    with transaction.atomic():
        for members in schools.values():
            for p in members:
                PenggunaPmm.objects.get_or_create(
                    pegawai=p,
                    defaults={
                        "instansi": instansi,
                        "jenis_ptk": "Kepala Sekolah" if p.is_pimpinan else "Guru Kelas",
                        "ditambahkan_oleh": admin,
                    },
                )
    year = timezone.localdate().year
    emu = Emulator(dataset=emulator_dataset(instansi)).start()
    try:
        with override_settings(**emu.settings(), INTEGRASI_TIMEOUT=10):
            for members in schools.values():
                for p in members:
                    fn = pmm_skp.sinkron_skp
                    if p.unit_kerja.nama == SEKOLAH[1] and p is members[1]:
                        fn = pmm_skp.sinkron_skp_rotasi
                    fn(actor=admin, pegawai=p, tahun=year)
            for guru in schools[SEKOLAH[0]][1:4]:  # periodic ratings that PMM already holds
                pmm_penilaian.sinkron_penilaian(actor=admin, pegawai=guru, tahun=year)
    finally:
        emu.stop()
    return {
        "pengguna": PenggunaPmm.objects.filter(instansi=instansi).count(),
        "log": LogSinkronisasi.objects.filter(instansi=instansi).count(),
    }
