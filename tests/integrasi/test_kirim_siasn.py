"""Kirim ke SIASN: the final predikat as SIASN's riwayat SKP, idempotent, updated after a keberatan."""

import pytest

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.integrasi.clients import NetworkError
from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import KirimSiasn, LogSinkronisasi
from kinerja.integrasi.services import kirim
from kinerja.penilaian.services import evaluasi
from kinerja.penilaian.services.keberatan import keberatan_ajukan, keberatan_putus
from tests.penilaian.conftest import YEAR, nilai_org, skp_org  # noqa: F401


def rate(o, penilaian, hasil="DIATAS", perilaku="SESUAI"):
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=penilaian, aspek="hasil_kerja", rating=hasil)
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=penilaian, aspek="perilaku", rating=perilaku)


@pytest.fixture
def siap(emulator, nilai_org):  # noqa: F811
    o = nilai_org
    for p in (o.staf, o.kabid, o.kaban, o.staf2):
        emulator.data["siasn"]["pns"][p.nip] = ds.data_utama(p)
    emulator.load()
    rate(o, o.final)
    return o


def test_payload_codes():
    assert [kirim.kode_golongan(g) for g in ("I/a", "II/d", "III/b", "IV/e", "IX", "")] == [
        11,
        24,
        32,
        45,
        None,
        None,
    ]
    assert kirim.KODE_KUADRAN == {
        "SANGAT_BAIK": 1,
        "BAIK": 2,
        "BUTUH_PERBAIKAN": 3,
        "KURANG": 4,
        "SANGAT_KURANG": 5,
    }
    assert kirim.KODE_RATING == {"DIATAS": 1, "SESUAI": 2, "DIBAWAH": 3}


def test_first_send_creates_the_riwayat(siap, emulator):
    o = siap
    log = kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    assert log.status == "BERHASIL" and log.hasil["dikirim"] and log.hasil["baru"]
    saves = emulator.calls("/skp22/save")
    assert len(saves) == 1
    rows = emulator.remote()["siasn"]["rw_skp22"][o.staf.nip]
    assert len(rows) == 1
    row = rows[0]
    assert row["tahun"] == YEAR
    assert (row["hasilKinerjaNilai"], row["PerilakuKerjaNilai"], row["KuadranKinerjaNilai"]) == (1, 2, 2)
    assert row["pnsDinilaiId"] == ds.siasn_id(o.staf.nip)
    assert row["nipNrpPenilai"] == o.kabid.nip and row["namaPenilai"]
    sent = KirimSiasn.objects.get(pegawai=o.staf, tahun=YEAR)
    assert sent.rw_skp_id == row["id"] and sent.predikat == "BAIK"
    o.staf.refresh_from_db()
    assert o.staf.siasn_id == ds.siasn_id(o.staf.nip)  # fetched from data utama once
    assert "Baik" in log.catatan


def test_same_payload_is_not_sent_again(siap, emulator):
    o = siap
    kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    sent = KirimSiasn.objects.get(pegawai=o.staf)
    log = kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    assert len(emulator.calls("/skp22/save")) == 1
    assert log.status == "BERHASIL" and not log.hasil["dikirim"]
    assert log.catatan.startswith("Tidak ada perubahan")
    again = KirimSiasn.objects.get(pegawai=o.staf)
    assert (again.rw_skp_id, again.payload_hash, again.dikirim_pada) == (
        sent.rw_skp_id,
        sent.payload_hash,
        sent.dikirim_pada,
    )


def test_keberatan_changes_the_payload_and_updates_the_same_riwayat(siap, emulator):
    o = siap
    kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    keberatan = keberatan_ajukan(
        actor=o.staf.user, penilaian=o.final, alasan="Hasil kerja saya melebihi target."
    )
    keberatan_putus(
        actor=o.kaban.user,
        keberatan=keberatan,
        catatan_pemeriksaan="Sudah mendengar kedua pihak.",
        keputusan="DIUBAH",
        rating_hasil_kerja_baru="DIATAS",
        rating_perilaku_baru="DIATAS",
        alasan="Bukti dukung lengkap.",
    )
    log = kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    assert log.hasil["dikirim"] and not log.hasil["baru"]
    assert "diperbarui" in log.catatan
    saves = emulator.calls("/skp22/save")
    assert len(saves) == 2
    rows = emulator.remote()["siasn"]["rw_skp22"][o.staf.nip]
    assert len(rows) == 1 and rows[0]["KuadranKinerjaNilai"] == 1
    assert KirimSiasn.objects.get(pegawai=o.staf).predikat == "SANGAT_BAIK"


def test_lost_answer_is_not_a_second_riwayat(siap, emulator):
    """SIASN saved but our record is gone (e.g. the answer never arrived): the riwayat of the year is reused."""
    o = siap
    kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    KirimSiasn.objects.all().delete()
    log = kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    assert not log.hasil["baru"]
    assert len(emulator.remote()["siasn"]["rw_skp22"][o.staf.nip]) == 1


def test_no_final_predikat_is_a_failure_with_who_fixes(siap, emulator):
    o = siap
    log = kirim.kirim_skp(actor=o.admin, pegawai=o.kabid, tahun=YEAR)
    assert log.status == "GAGAL"
    assert "Belum ada predikat kinerja periode Final" in log.catatan
    assert log.perbaikan == kirim.PERBAIKAN_PENILAI
    none = kirim.kirim_skp(actor=o.admin, pegawai=o.staf2, tahun=YEAR)
    assert none.status == "GAGAL" and f"belum memiliki SKP tahun {YEAR}" in none.catatan
    assert emulator.calls("/skp22/save") == []


def test_siasn_refusal_is_a_failure(siap, emulator):
    o = siap
    o.staf.siasn_id = "id-yang-tidak-dikenal"
    o.staf.save()
    log = kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    assert log.status == "GAGAL"
    assert log.keterangan == "Error: 200 Data PNS tidak ditemukan"
    assert KirimSiasn.objects.count() == 0


def test_network_error_writes_nothing(siap, emulator):
    o = siap
    emulator.faults({"match": "/skp22/save", "mode": "timeout", "times": 1, "delay": 1.5})
    with pytest.raises(NetworkError):
        kirim.kirim_skp(actor=o.admin, pegawai=o.staf, tahun=YEAR)
    assert KirimSiasn.objects.count() == 0 and LogSinkronisasi.objects.count() == 0


def test_rights_and_year(siap, other_org):
    o = siap
    with pytest.raises(PermissionDeniedError):
        kirim.kirim_skp(actor=other_org.admin, pegawai=o.staf, tahun=YEAR)
    with pytest.raises(PermissionDeniedError):
        kirim.kirim_skp(actor=o.staf2.user, pegawai=o.staf, tahun=YEAR)
    with pytest.raises(PermissionDeniedError):
        kirim.kirim_siasn_instansi(actor=o.staf.user, instansi=o.instansi, tahun=YEAR)
    with pytest.raises(DomainError) as exc:
        kirim.kirim_siasn_instansi(actor=o.admin, instansi=o.instansi, tahun=1999)
    assert exc.value.field == "tahun"
    assert kirim.kirim_skp(actor=o.staf.user, pegawai=o.staf, tahun=YEAR).status == "BERHASIL"
