"""Sinkro PMM of SKPs (plain, rotation, PLT KS) with the real PMM client against the emulator."""

import datetime

import pytest

from kinerja.core.audit import AuditEvent
from kinerja.core.errors import PermissionDeniedError
from kinerja.integrasi import jobs
from kinerja.integrasi.clients import NetworkError
from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import JenisSinkron, LogSinkronisasi, PenggunaPmm
from kinerja.integrasi.services import pmm_common, pmm_skp
from kinerja.org.models import Jabatan, Peran
from kinerja.skp.models import Indikator, Rhk, Skp
from kinerja.skp.services import periode as skp_periode

from ..factories import InstansiFactory, PegawaiFactory, PenugasanPltFactory, UnitKerjaFactory, UserFactory

YEAR = datetime.date.today().year
AWAL, TENGAH, AKHIR = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 6, 30), datetime.date(YEAR, 12, 31)
KS_RHK = (
    "Tersusunnya Kurikulum Operasional Satuan Pendidikan (KOSP) sebagai acuan dalam peningkatan pembelajaran"
)
KS_IND = (
    "Tingkat kualitas penyusunan dokumen Kurikulum Operasional Satuan Pendidikan (KOSP) yang berorientasi pada "
    "peningkatan pembelajaran sesuai standar yang digunakan"
)


def buat_sekolah():
    """A Dinas Pendidikan with two schools: SMP (KS UJANG, guru FIERNI, guru2) and SD KARYASARI 3 (no leader)."""
    instansi = InstansiFactory(nama="Pemerintah Kab. Sekolah")
    root = UnitKerjaFactory(instansi=instansi, nama="PEMERINTAH KAB. SEKOLAH", eselon="00")
    dinas = UnitKerjaFactory(
        instansi=instansi, parent=root, nama="DINAS PENDIDIKAN", eselon="22", jenis_induk="JPT"
    )
    smp = UnitKerjaFactory(
        instansi=instansi, parent=dinas, nama="SMP NEGERI 2 CIRACAP KEC. CIRACAP", eselon=""
    )
    sd1 = UnitKerjaFactory(instansi=instansi, parent=dinas, nama="SDN KARYASARI 1 CIKEDAL", eselon="")
    sd3 = UnitKerjaFactory(instansi=instansi, parent=dinas, nama="SDN KARYASARI 3 CIKEDAL", eselon="")
    bangkuyung = UnitKerjaFactory(instansi=instansi, parent=dinas, nama="SDN BANGKUYUNG 1 CIKEDAL", eselon="")
    guru_jab = Jabatan.objects.create(nama="Guru Ahli Pertama", jenis="JF", jenjang="Ahli Pertama")
    ks_jab = Jabatan.objects.create(nama="Guru Ahli Madya", jenis="JF", jenjang="Ahli Madya")
    kadis = PegawaiFactory(
        unit_kerja=dinas,
        nama="KEPALA DINAS",
        jenis_pegawai="PIMPINAN",
        jabatan=Jabatan.objects.create(nama="Kepala Dinas", jenis="JPT", jenjang="Pratama"),
    )
    ks = PegawaiFactory(unit_kerja=smp, nama="UJANG SOLEH HIDAYAT", jenis_pegawai="PIMPINAN", jabatan=ks_jab)
    guru = PegawaiFactory(unit_kerja=smp, nama="FIERNI", jabatan=guru_jab)
    guru2 = PegawaiFactory(unit_kerja=smp, nama="MAILINDA", jabatan=guru_jab)
    admin = UserFactory(username="admin-sekolah", peran=Peran.ADMIN_INSTANSI, instansi=instansi)
    for p, ptk in ((ks, "Kepala Sekolah"), (guru, "Guru Mapel"), (guru2, "Guru Kelas")):
        PenggunaPmm.objects.create(pegawai=p, instansi=instansi, jenis_ptk=ptk)

    class S:
        pass

    s = S()
    s.__dict__.update(locals())
    return s


@pytest.fixture
def sekolah(db):
    return buat_sekolah()


def skp_ks(s, *, id="skp-ks", awal=AWAL, akhir=AKHIR, rhk_list=None):
    rhk_list = rhk_list or [
        ds.rhk("ks-r1", KS_RHK, indikator_list=[ds.indikator("ks-i1", KS_IND)]),
        ds.rhk(
            "ks-r2",
            "Terkelolanya pembelajaran",
            indikator_list=[ds.indikator("ks-i2", "Tingkat keterlaksanaan")],
        ),
    ]
    return ds.skp(
        id=id, awal=awal, akhir=akhir, unor_id=s.smp.id_unor, unor_nama="SMP NEGERI 2 CIRACAP",
        atasan=s.kadis, rhk_list=rhk_list, jenis_skp="KEPALA SEKOLAH",
    )  # fmt: skip


def skp_guru(s, *, id="skp-guru", atasan=None, unor_id=None, unor_nama="SMP NEGERI 2 CIRACAP", indikator=KS_IND,
             rhk_atasan=KS_RHK, extra=()):  # fmt: skip
    rhk_list = [
        ds.rhk("g-r1", "Terlaksananya pembelajaran yang berpusat pada murid",
               indikator_list=[ds.indikator("g-i1", "Persentase murid tuntas", target="85")]),
        ds.rhk("g-r2", "Terlaksananya KOSP di kelas", klasifikasi="ORGANISASI", atasan_rhk=rhk_atasan,
               atasan_indikator=indikator, indikator_list=[ds.indikator("g-i2", "Tingkat keterlaksanaan KOSP")]),
        *extra,
    ]  # fmt: skip
    return ds.skp(
        id=id, awal=AWAL, akhir=AKHIR, unor_id=unor_id or s.smp.id_unor, unor_nama=unor_nama,
        atasan=atasan or s.ks, atasan_unor=s.smp.nama, rhk_list=rhk_list,
    )  # fmt: skip


def load(emulator, **skps):
    for nip, rows in skps.items():
        emulator.data["pmm"]["skp"][nip] = rows
    emulator.load()


def counts(log):
    return {k: log.hasil[k] for k in ("RHK Individu", "RHK Organisasi")}


def state(pegawai):
    rows = []
    for skp in Skp.objects.filter(pegawai=pegawai).order_by("id"):
        rows.append(
            (skp.pk, skp.periode_awal, skp.periode_akhir, skp.unit_kerja_id, skp.penilai_id, skp.diubah_pada)
        )
        for r in skp.rhk.order_by("id"):
            rows.append((r.pk, r.teks, r.klasifikasi, r.rhk_atasan_id, r.pmm_id, r.urutan))
            rows.extend((i.pk, i.teks, i.target_nilai, i.pmm_id) for i in r.indikator.order_by("id"))
    return rows


def test_nama_padan_rule():
    assert pmm_common.nama_padan("SMP NEGERI 2 CIRACAP KEC. CIRACAP", "SMP NEGERI 2 CIRACAP")
    assert pmm_common.nama_padan("SDN KARYASARI 1 CIKEDAL", "SD N KARYASARI 1")
    assert pmm_common.nama_padan("UPTD SDN 07 TULAKAN", "sd negeri 7 tulakan")
    assert not pmm_common.nama_padan("SDN KARYASARI 1", "SDN KARYASARI 10")
    assert not pmm_common.nama_padan("SMP NEGERI 2 CIRACAP", "SMP NEGERI 3 CIRACAP")
    assert not pmm_common.nama_padan("", "SDN 1")


def test_ks_then_guru_success_counts_links_and_second_run_changes_nothing(emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)], s.guru.nip: [skp_guru(s)]})
    log_ks = pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR)
    assert log_ks.status == "BERHASIL", log_ks.catatan
    assert log_ks.tipe_skp == "kepala sekolah"
    assert counts(log_ks)["RHK Individu"] == {"RHK Masuk": 2, "RHK Indikator Masuk": 2}

    log = pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.status == "BERHASIL" and log.tipe_skp == "guru" and log.catatan == ""
    assert counts(log) == {
        "RHK Individu": {"RHK Masuk": 1, "RHK Indikator Masuk": 1},
        "RHK Organisasi": {"RHK Masuk": 1, "RHK Indikator Masuk": 1},
    }
    skp = Skp.objects.get(pegawai=s.guru)
    assert (skp.sumber, skp.pmm_id, skp.jenis_skp_pmm, skp.status) == (
        "PMM",
        "skp-guru",
        "GURU / JAJF",
        "PERSETUJUAN",
    )
    assert skp.penilai == s.ks and skp.unit_kerja == s.smp and skp.pegawai_nama == s.guru.nama_lengkap
    org = Rhk.objects.get(skp=skp, pmm_id="g-r2")
    assert org.klasifikasi == "ORGANISASI" and org.rhk_atasan == Rhk.objects.get(pmm_id="ks-r1")
    assert str(Indikator.objects.get(pmm_id="g-i1").target_nilai) == "85.00"
    assert AuditEvent.objects.filter(action="rhk.pmm_sinkron_buat", object_id=str(org.pk)).exists()

    before, audits = state(s.guru), AuditEvent.objects.count()
    again = pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert again.status == "BERHASIL"
    assert counts(again)["RHK Organisasi"] == {"RHK Masuk": 0, "RHK Indikator Masuk": 0}
    assert again.hasil["RHK Diubah"] == again.hasil["SKP Diubah"] == again.hasil["RHK Dihapus"] == 0
    assert state(s.guru) == before
    assert AuditEvent.objects.count() == audits + 1  # only the log's own event
    assert list(LogSinkronisasi.objects.filter(pegawai=s.guru, terkini=True)) == [again]


def test_pmm_changes_are_applied_and_removed_rows_deleted(emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)], s.guru.nip: [skp_guru(s)]})
    pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR)
    pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    changed = skp_guru(s)
    changed["rhk"] = changed["rhk"][:1]
    changed["rhk"][0]["indikator"][0]["target"] = "90"
    changed["rhk"][0]["indikator"].append(ds.indikator("g-i3", "Persentase murid aktif"))
    load(emulator, **{s.guru.nip: [changed]})
    log = pmm_skp.sinkron_skp(actor=s.admin, pegawai=s.guru, tahun=YEAR)
    assert log.status == "BERHASIL" and log.dibuat_oleh == s.admin
    assert counts(log)["RHK Individu"] == {"RHK Masuk": 0, "RHK Indikator Masuk": 1}
    assert log.hasil["RHK Dihapus"] == 1 and log.hasil["Indikator Diubah"] == 1
    skp = Skp.objects.get(pegawai=s.guru)
    assert list(skp.rhk.values_list("pmm_id", flat=True)) == ["g-r1"]
    assert str(Indikator.objects.get(pmm_id="g-i1").target_nilai) == "90.00"


def test_existing_ekinerja_skp_is_taken_over(emulator, sekolah):
    s = sekolah
    own = skp_periode.skp_create(actor=s.ks.user, pegawai=s.ks, periode_awal=AWAL, periode_akhir=AKHIR,
                                 pendekatan="KUANTITATIF")  # fmt: skip
    Rhk.objects.create(skp=own, teks="RHK lama e-Kinerja")
    load(emulator, **{s.ks.nip: [skp_ks(s)]})
    log = pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR)
    assert log.status == "BERHASIL" and log.hasil["SKP Baru"] == 0 and log.hasil["RHK Dihapus"] == 1
    own.refresh_from_db()
    assert (own.sumber, own.pmm_id, own.status) == ("PMM", "skp-ks", "PERSETUJUAN")
    assert sorted(own.rhk.values_list("pmm_id", flat=True)) == ["ks-r1", "ks-r2"]


def _gagal(log, pesan, perbaikan_kata):
    assert log.status == "GAGAL"
    assert log.catatan == f'Gagal Sinkro: "{pesan}"'
    assert pesan in log.hasil["alasan"]
    assert perbaikan_kata in log.perbaikan


def test_atasan_differs_from_pmm(emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)]})
    pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR)
    data = skp_guru(s)
    data["atasan"] = {"nip": "197001011990031001", "nama": "RENNY SILVIA", "unor": "SMP NEGERI 2 CIRACAP"}
    load(emulator, **{s.guru.nip: [data]})
    log = pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    _gagal(log, "Atasan Pegawai tidak sama dengan data PMM, data PMM RENNY SILVIA", "Atasan (Kepala Sekolah)")
    assert not Skp.objects.filter(pegawai=s.guru).exists()


def test_rhk_atasan_not_found(emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)], s.guru.nip: [skp_guru(s, indikator="Indikator yang tidak ada")]})
    pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR)
    log = pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    _gagal(log, f"Tidak ditemukan RHK atasan berikut 'Indikator yang tidak ada' di RHK '{KS_RHK}'", "Sinkro")
    assert not Skp.objects.filter(pegawai=s.guru).exists()


def test_atasan_has_no_skp_here(emulator, sekolah):
    s = sekolah
    load(emulator, **{s.guru.nip: [skp_guru(s)]})
    log = pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    _gagal(log, "Data SKP Organisasi belum dibuat oleh atasan", "Kepala Sekolah")


@pytest.mark.parametrize(
    "message,fix",
    [
        ("Data SKP Organisasi belum dibuat oleh atasan", "Atasan (Kepala Sekolah)"),
        ("Data SKP pegawai tidak ditemukan", "1×24 jam"),
    ],
)
def test_remote_refusals_go_to_keterangan(emulator, sekolah, message, fix):
    s = sekolah
    if message.startswith("Data SKP Organisasi"):
        emulator.data["pmm"]["skp"][s.guru.nip] = {"error": message}
    emulator.load()  # no SKP at all → PMM answers "Data SKP pegawai tidak ditemukan"
    log = pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.status == "GAGAL" and log.keterangan == f"Error: 200 {message}"
    assert log.catatan == "" and fix in log.perbaikan


def test_unit_not_in_reference(emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)]})
    pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR)
    load(emulator, **{s.guru.nip: [skp_guru(s, unor_id="ffffffffffffffffffffffffffffffff")]})
    log = pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    _gagal(log, "Data Unit Kerja Pegawai tidak terdaftar di Referensi Unit Kerja", "Admin instansi")
    s.smp.aktif = False  # an inactive unor is not in the reference either
    s.smp.save()
    load(emulator, **{s.guru.nip: [skp_guru(s)]})
    log = pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert "Data Unit Kerja Pegawai tidak terdaftar di Referensi Unit Kerja" in log.hasil["alasan"]


def test_school_name_differs(emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)]})
    pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR)
    load(emulator, **{s.guru.nip: [skp_guru(s, unor_nama="SMP NEGERI 3 CIRACAP")]})
    log = pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    _gagal(log, "Nama Sekolah atau Nama Unor tidak sama dengan data PMM", "padankan")


def test_not_a_pmm_user_and_rights(emulator, sekolah, other_org):
    s = sekolah
    PenggunaPmm.objects.filter(pegawai=s.guru2).delete()
    log = pmm_skp.sinkron_skp(actor=s.guru2.user, pegawai=s.guru2, tahun=YEAR)
    _gagal(log, "Pegawai tidak terdaftar sebagai User PMM di e-Kinerja", "Manajemen User PMM")
    assert emulator.calls("/skp/") == []
    for actor in (s.guru2.user, other_org.admin, s.ks.user):
        with pytest.raises(PermissionDeniedError):
            pmm_skp.sinkron_skp(actor=actor, pegawai=s.guru, tahun=YEAR)


def test_network_error_writes_nothing(emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)]})
    emulator.faults({"match": "/skp/", "mode": "500", "times": 1})
    with pytest.raises(NetworkError):
        pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR)
    assert not LogSinkronisasi.objects.exists() and not Skp.objects.exists()
    assert pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR).status == "BERHASIL"


def _rotasi_data(s):
    def one(id, awal, akhir, unit, nama):
        rhk = [
            ds.rhk(f"{id}-r", f"RHK {nama}", indikator_list=[ds.indikator(f"{id}-i", f"Indikator {nama}")])
        ]
        return ds.skp(id=id, awal=awal, akhir=akhir, unor_id=unit.id_unor, unor_nama=nama, rhk_list=rhk,
                      jenis_skp="KEPALA SEKOLAH")  # fmt: skip

    return [
        one("rot-1", AWAL, datetime.date(YEAR, 7, 15), s.bangkuyung, "SD N BANGKUYUNG 1"),
        one("rot-2", datetime.date(YEAR, 7, 16), datetime.date(YEAR, 8, 20), s.sd1, "SD N KARYASARI 1"),
        one("rot-3", datetime.date(YEAR, 8, 21), AKHIR, s.sd3, "SD N KARYASARI 3"),
    ]


def buat_rotasi(s):
    """guru2 made an e-Kinerja SKP for the whole year at SDN BANGKUYUNG 1, then moved to SDN KARYASARI 3."""
    s.guru2.unit_kerja = s.bangkuyung
    s.guru2.save()
    s.skp_lama = skp_periode.skp_create(actor=s.guru2.user, pegawai=s.guru2, periode_awal=AWAL,
                                        periode_akhir=AKHIR, pendekatan="KUANTITATIF")  # fmt: skip
    s.guru2.unit_kerja = s.sd3
    s.guru2.save()
    return s


@pytest.fixture
def rotasi(sekolah):
    return buat_rotasi(sekolah)


def test_rotation_makes_one_skp_per_pmm_period(emulator, rotasi):
    s = rotasi
    load(emulator, **{s.guru2.nip: _rotasi_data(s)})
    plans = pmm_skp.skp_banding(actor=s.admin, pegawai=s.guru2, tahun=YEAR, jenis=JenisSinkron.SKP_ROTASI)
    assert [(p.baru, p.unor_ekinerja, p.unor_pmm) for p in plans] == [
        (False, "SDN BANGKUYUNG 1 CIKEDAL", "SD N BANGKUYUNG 1"),
        (True, "SDN KARYASARI 1 CIKEDAL", "SD N KARYASARI 1"),
        (True, "SDN KARYASARI 3 CIKEDAL", "SD N KARYASARI 3"),
    ]
    assert all(not p.alasan for p in plans) and plans[-1].terakhir
    log = pmm_skp.sinkron_skp_rotasi(actor=s.guru2.user, pegawai=s.guru2, tahun=YEAR)
    assert log.status == "BERHASIL", log.catatan
    assert log.hasil["SKP Baru"] == 2 and [x["baru"] for x in log.hasil["skp"]] == [False, True, True]
    skps = list(Skp.objects.filter(pegawai=s.guru2).order_by("periode_awal"))
    assert [(x.pmm_id, x.periode_awal, x.periode_akhir, x.unit_kerja) for x in skps] == [
        ("rot-1", AWAL, datetime.date(YEAR, 7, 15), s.bangkuyung),
        ("rot-2", datetime.date(YEAR, 7, 16), datetime.date(YEAR, 8, 20), s.sd1),
        ("rot-3", datetime.date(YEAR, 8, 21), AKHIR, s.sd3),
    ]
    assert skps[0].pk == s.skp_lama.pk and all(x.rhk.count() == 1 for x in skps)
    assert (
        skps[1].pegawai_unit == "SDN KARYASARI 1 CIKEDAL" and skps[1].penilai_alasan
    )  # school has no leader
    before = state(s.guru2)
    again = pmm_skp.sinkron_skp_rotasi(actor=s.guru2.user, pegawai=s.guru2, tahun=YEAR)
    assert again.hasil["SKP Baru"] == 0 and state(s.guru2) == before


def test_rotation_unor_not_padan(emulator, rotasi):
    s = rotasi
    data = _rotasi_data(s)
    data[1]["unor"]["nama"] = "SD N SUKAMAJU"
    load(emulator, **{s.guru2.nip: data})
    log = pmm_skp.sinkron_skp_rotasi(actor=s.guru2.user, pegawai=s.guru2, tahun=YEAR)
    _gagal(log, "Unor di PMM Belum Padan", "Dinas Pendidikan")
    assert Skp.objects.filter(pegawai=s.guru2).count() == 1


def test_plt_ks(emulator, sekolah):
    s = sekolah
    rhk = [ds.rhk("plt-r", "RHK PLT KS", indikator_list=[ds.indikator("plt-i", "Indikator PLT")])]
    plt = ds.skp(
        id="skp-plt",
        awal=datetime.date(YEAR, 3, 1),
        akhir=TENGAH,
        unor_id=s.sd3.id_unor,
        unor_nama="SD N KARYASARI 3",
        atasan=s.kadis,
        rhk_list=rhk,
        jenis_skp="KEPALA SEKOLAH",
        plt=True,
    )
    load(emulator, **{s.guru.nip: [plt]})
    log = pmm_skp.sinkron_skp_plt(actor=s.admin, pegawai=s.guru, tahun=YEAR)
    _gagal(log, "Penugasan PLT pegawai pada SDN KARYASARI 3 CIKEDAL belum dicatat di e-Kinerja", "PLT")
    tugas = PenugasanPltFactory(pegawai=s.guru, unit_kerja=s.sd3, tanggal_mulai=datetime.date(YEAR, 2, 1))
    log = pmm_skp.sinkron_skp_plt(actor=s.admin, pegawai=s.guru, tahun=YEAR)
    assert log.status == "BERHASIL", log.catatan
    skp = Skp.objects.get(pegawai=s.guru, pmm_id="skp-plt")
    assert (skp.status_pegawai, skp.penugasan_plt, skp.unit_kerja, skp.penilai) == (
        "PLT",
        tugas,
        s.sd3,
        s.kadis,
    )
    assert skp.jenis_pegawai == "PIMPINAN" and counts(log)["RHK Individu"]["RHK Masuk"] == 1
    # the plain sync ignores the PLT SKP, and the PLT sync with nothing PLT in PMM says so
    load(emulator, **{s.guru.nip: [skp_guru(s)]})
    log = pmm_skp.sinkron_skp_plt(actor=s.admin, pegawai=s.guru, tahun=YEAR)
    _gagal(log, "Data SKP PLT pegawai tidak ditemukan di PMM", "Dapodik")


def test_job_runs_every_person_once(emulator, sekolah):
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)], s.guru.nip: [skp_guru(s)]})
    job = jobs.job_create(actor=s.admin, instansi=s.instansi, jenis=JenisSinkron.SKP, pegawai_ids=[s.ks.pk],
                          tahun=YEAR)  # fmt: skip
    jobs.run(job.pk)
    job2 = jobs.job_create(actor=s.admin, instansi=s.instansi, jenis=JenisSinkron.SKP,
                           pegawai_ids=[s.guru.pk, s.guru2.pk], tahun=YEAR)  # fmt: skip
    job2 = jobs.run(job2.pk)
    assert (job2.total, job2.diproses, job2.berhasil, job2.gagal) == (2, 2, 1, 1)
    gagal = LogSinkronisasi.objects.get(job=job2, pegawai=s.guru2)
    assert gagal.keterangan == "Error: 200 Data SKP pegawai tidak ditemukan"


def test_broken_pmm_period_is_refused_not_crashed(emulator, sekolah):
    s = sekolah
    data = skp_ks(s)
    data["periode_akhir"] = "bukan-tanggal"
    load(emulator, **{s.ks.nip: [data]})
    log = pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR)
    _gagal(log, "Data SKP dari PMM tidak lengkap: periode awal / akhir tidak valid", "PMM")
    assert not Skp.objects.exists()
