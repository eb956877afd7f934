"""Sinkro Penilaian PMM (periodic by angka periodik, and Final) with the real PMM client against the emulator."""

import pytest

from kinerja.core.errors import PermissionDeniedError
from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import LogSinkronisasi
from kinerja.integrasi.services import pmm_penilaian, pmm_skp
from kinerja.penilaian.models import BuktiDukung, FeedbackIndikator, Penilaian, PeriodePenilaian, Realisasi

from .test_pmm_skp import YEAR, buat_sekolah, load, skp_guru, skp_ks

TRIWULAN = (("01-01", "03-31", "04-05"), ("04-01", "06-30", "07-05"), ("07-01", "09-30", "10-05"),
            ("10-01", "12-31", "01-05"))  # fmt: skip


@pytest.fixture
def sekolah(db):
    return buat_sekolah()


def periods(instansi, *, final=True, tipe="TRIWULANAN", angka=(1, 2, 3, 4)):
    out = {}
    for n, (awal, akhir, batas) in zip(angka, TRIWULAN, strict=False):
        out[n] = PeriodePenilaian.objects.create(
            instansi=instansi, nama=f"Triwulan {n}", jenis="PERIODIK", tipe_periodik=tipe, angka_periodik=n,
            awal=awal, akhir=akhir, batas=batas, tahun=YEAR,
        )  # fmt: skip
    if final:
        out["final"] = PeriodePenilaian.objects.create(
            instansi=instansi, nama=f"Tahun {YEAR}", jenis="FINAL", awal="01-01", akhir="12-31", batas="01-31",
            tahun=YEAR,
        )  # fmt: skip
    return out


@pytest.fixture
def synced(emulator, sekolah):
    """KS and guru have their PMM SKP synced; the instansi has Triwulan I–IV and the Final period."""
    s = sekolah
    load(emulator, **{s.ks.nip: [skp_ks(s)], s.guru.nip: [skp_guru(s)]})
    assert pmm_skp.sinkron_skp(actor=s.ks.user, pegawai=s.ks, tahun=YEAR).status == "BERHASIL"
    assert pmm_skp.sinkron_skp(actor=s.guru.user, pegawai=s.guru, tahun=YEAR).status == "BERHASIL"
    s.periode = periods(s.instansi)
    return s


def rows(*items):
    return [ds.penilaian_periodik("skp-guru", a, n, h, p, v) for a, n, h, p, v in items]


def test_periodic_success_then_nothing_new(emulator, synced):
    s = synced
    emulator.data["pmm"]["penilaian"][s.guru.nip] = rows(
        (1, "TRIWULAN I", "Diatas", "Diatas", "Sangat Baik"), (2, "TRIWULAN II", "Sesuai", "Sesuai", "Baik")
    )
    emulator.load()
    log = pmm_penilaian.sinkron_penilaian(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.status == "BERHASIL" and log.hasil["pesan"] == "Berhasil Melakukan Sinkro penilaian"
    assert log.hasil["penilaian"] == [
        {"angka_periodik": 1, "nama": "TRIWULAN I", "hasil_kerja": "Diatas", "perilaku_kerja": "Diatas",
         "nilai_skp": "Sangat Baik"},
        {"angka_periodik": 2, "nama": "TRIWULAN II", "hasil_kerja": "Sesuai", "perilaku_kerja": "Sesuai",
         "nilai_skp": "Baik"},
    ]  # fmt: skip
    assert log.hasil["catatan_nilai"] == []
    p1 = Penilaian.objects.get(skp__pegawai=s.guru, periode=s.periode[1])
    assert (p1.rating_hasil_kerja, p1.rating_perilaku, p1.predikat, p1.tahun) == (
        "DIATAS",
        "DIATAS",
        "SANGAT_BAIK",
        YEAR,
    )
    assert p1.penilai == s.ks
    before = list(Penilaian.objects.values_list("pk", "predikat", "dinilai_pada"))
    again = pmm_penilaian.sinkron_penilaian(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert again.hasil["penilaian"] == [] and again.hasil["pesan"] == "Tidak terdapat penilaian baru dari PMM"
    assert list(Penilaian.objects.values_list("pk", "predikat", "dinilai_pada")) == before
    # PMM changes one period: only that one comes in
    emulator.data["pmm"]["penilaian"][s.guru.nip][1]["hasil_kerja"] = "Dibawah"
    emulator.data["pmm"]["penilaian"][s.guru.nip][1]["nilai_skp"] = "Butuh Perbaikan"
    emulator.load()
    log = pmm_penilaian.sinkron_penilaian(actor=s.admin, pegawai=s.guru, tahun=YEAR)
    assert [r["angka_periodik"] for r in log.hasil["penilaian"]] == [2]
    assert Penilaian.objects.get(periode=s.periode[2]).predikat == "BUTUH_PERBAIKAN"


def test_pmm_nilai_disagreeing_with_the_rule_is_reported(emulator, synced):
    s = synced
    emulator.data["pmm"]["penilaian"][s.guru.nip] = rows((1, "TRIWULAN I", "Diatas", "Dibawah", "Baik"))
    emulator.load()
    log = pmm_penilaian.sinkron_penilaian(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert Penilaian.objects.get(periode=s.periode[1]).predikat == "KURANG"
    assert log.hasil["catatan_nilai"] == [
        "TRIWULAN I: Nilai SKP dari PMM (Baik) berbeda dengan predikat menurut aturan (Kurang/Misconduct); "
        "e-Kinerja memakai predikat menurut aturan."
    ]


@pytest.mark.parametrize(
    "setup,message",
    [
        ("dua_tipe", "Terdapat 2 tipe periodik di periode"),
        ("duplikat", "Terdapat angka periodik yang duplikat di periode"),
        ("kosong", "Tidak terdapat periode yang memiliki data tipe periodik/angka periodik"),
    ],
)
def test_period_prerequisites(emulator, sekolah, setup, message):
    s = sekolah
    if setup == "dua_tipe":
        p = periods(s.instansi)
        p[3].tipe_periodik = "BULANAN"
        p[3].save()
    elif setup == "duplikat":
        periods(s.instansi, angka=(1, 2, 3, 3))
    else:
        periods(s.instansi, angka=())
    log = pmm_penilaian.sinkron_penilaian(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.status == "GAGAL" and log.catatan == f'Gagal Sinkro: "{message}"'
    assert "Manajemen Periode" in log.perbaikan and log.hasil["periode"] == [message]
    assert emulator.calls("/penilaian/") == []  # checked before asking PMM


def test_periodic_failures(emulator, synced):
    s = synced
    emulator.data["pmm"]["penilaian"][s.guru.nip] = rows((5, "MEI", "Diatas", "Diatas", "Sangat Baik"))
    emulator.data["pmm"]["penilaian"][s.guru2.nip] = rows((1, "JANUARI", "Diatas", "Diatas", "Sangat Baik"))
    emulator.load()
    log = pmm_penilaian.sinkron_penilaian(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.catatan == 'Gagal Sinkro: "Tidak terdapat periode dengan angka periodik 5 di e-Kinerja"'
    log = pmm_penilaian.sinkron_penilaian(actor=s.guru2.user, pegawai=s.guru2, tahun=YEAR)
    assert log.catatan == 'Gagal Sinkro: "Data SKP PMM belum disinkronkan ke e-Kinerja"'
    assert "Sinkro data SKP PMM" in log.perbaikan
    emulator.data["pmm"]["penilaian"].pop(s.guru.nip)
    emulator.load()
    log = pmm_penilaian.sinkron_penilaian(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.keterangan == "Error: 200 Data penilaian pegawai tidak ditemukan"
    assert not Penilaian.objects.exists()
    with pytest.raises(PermissionDeniedError):
        pmm_penilaian.sinkron_penilaian(actor=s.guru2.user, pegawai=s.guru, tahun=YEAR)


def final_data(s, *, unor_id=None, hasil="SESUAI", perilaku="SESUAI", akhir="BAIK", eviden_g1=2):
    ev = [{"nama": f"Bukti {n}", "link": f"https://pmm.example.id/bukti/{n}"} for n in range(eviden_g1)]
    return ds.penilaian_final(
        "skp-guru", hasil, perilaku, akhir, unor_id or s.smp.id_unor,
        [
            {"indikator_id": "g-i1", "eviden": ev, "realisasi": "87% murid tuntas", "feedback": "Pertahankan"},
            {"indikator_id": "g-i2", "eviden": ev[:1], "realisasi": "KOSP terlaksana", "feedback": "Baik"},
        ],
    )  # fmt: skip


def test_final_success_counts_and_idempotent(emulator, synced):
    s = synced
    emulator.data["pmm"]["final"][s.guru.nip] = final_data(s)
    emulator.load()
    log = pmm_penilaian.sinkron_penilaian_final(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.status == "BERHASIL", log.catatan
    h = log.hasil
    assert h["pesan"] == "Berhasil Melakukan Sinkro penilaian Final"
    assert (h["nama_periode"], h["hasil_kerja"], h["perilaku_kerja"], h["hasil_akhir"]) == (
        "Tahunan", "SESUAI", "SESUAI", "BAIK",
    )  # fmt: skip
    zero = {"RHK Masuk": 0, "RHK Indikator Masuk": 0}
    assert h["RHK Individu"] == {**zero, "Eviden Masuk": 2, "Realisasi Masuk": 1, "Feedback Masuk": 1}
    assert h["RHK Organisasi"] == {**zero, "Eviden Masuk": 1, "Realisasi Masuk": 1, "Feedback Masuk": 1}
    p = Penilaian.objects.get(skp__pegawai=s.guru, periode=s.periode["final"])
    assert (p.rating_hasil_kerja, p.rating_perilaku, p.predikat) == ("SESUAI", "SESUAI", "BAIK")
    assert BuktiDukung.objects.filter(penilaian=p).count() == 3
    assert Realisasi.objects.get(penilaian=p, indikator__pmm_id="g-i1").realisasi == "87% murid tuntas"
    assert FeedbackIndikator.objects.get(penilaian=p, indikator__pmm_id="g-i2").teks == "Baik"
    snap = lambda: (  # noqa: E731
        list(BuktiDukung.objects.values_list("pk", "nama", "link")),
        list(Realisasi.objects.values_list("pk", "realisasi", "diubah_pada")),
        list(FeedbackIndikator.objects.values_list("pk", "teks", "diubah_pada")),
        list(Penilaian.objects.values_list("pk", "predikat", "dinilai_pada")),
    )
    before = snap()
    again = pmm_penilaian.sinkron_penilaian_final(actor=s.admin, pegawai=s.guru, tahun=YEAR)
    assert again.hasil["RHK Individu"] == {
        **zero,
        "Eviden Masuk": 0,
        "Realisasi Masuk": 0,
        "Feedback Masuk": 0,
    }
    assert snap() == before
    # an eviden removed in PMM is removed here
    emulator.data["pmm"]["final"][s.guru.nip] = final_data(s, eviden_g1=1)
    emulator.load()
    pmm_penilaian.sinkron_penilaian_final(actor=s.admin, pegawai=s.guru, tahun=YEAR)
    assert BuktiDukung.objects.filter(penilaian=p).count() == 2


def test_final_prerequisites(emulator, synced):
    s = synced
    emulator.data["pmm"]["final"][s.guru.nip] = final_data(s, unor_id=s.sd1.id_unor)
    emulator.load()
    log = pmm_penilaian.sinkron_penilaian_final(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.catatan == (
        'Gagal Sinkro: "Unit Kerja pegawai di e-Kinerja tidak sama dengan Unit Kerja terakhir di PMM"'
    )
    emulator.data["pmm"]["final"][s.guru.nip] = final_data(s, hasil="")
    emulator.load()
    log = pmm_penilaian.sinkron_penilaian_final(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.catatan == (
        'Gagal Sinkro: "Seluruh data & informasi pada formulir atau isian di PMM belum selesai dilengkapi"'
    )
    data = final_data(s)
    data["indikator"][0]["indikator_id"] = "tidak-ada"
    emulator.data["pmm"]["final"][s.guru.nip] = data
    emulator.load()
    log = pmm_penilaian.sinkron_penilaian_final(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.catatan == "Gagal Sinkro: \"Indikator PMM 'tidak-ada' tidak ditemukan pada SKP e-Kinerja\""
    emulator.data["pmm"]["final"].pop(s.guru.nip)
    emulator.load()
    log = pmm_penilaian.sinkron_penilaian_final(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.keterangan == "Error: 200 Data penilaian final pegawai tidak ditemukan"
    s.periode["final"].delete()
    log = pmm_penilaian.sinkron_penilaian_final(actor=s.guru.user, pegawai=s.guru, tahun=YEAR)
    assert log.catatan == 'Gagal Sinkro: "Periode penilaian Final belum dibuat oleh Admin e-Kinerja"'
    assert not Penilaian.objects.exists()
    assert LogSinkronisasi.objects.filter(pegawai=s.guru, jenis="PENILAIAN_FINAL", terkini=True).count() == 1
