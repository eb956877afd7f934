"""Sinkro Profil SIASN: comparison, apply, unit kerja choice, refusals, the per-person job function."""

import datetime

import pytest

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.integrasi.clients import NetworkError, NotConfigured
from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import LogSinkronisasi
from kinerja.integrasi.services import siasn
from kinerja.org.models import Jabatan, Pegawai
from tests.factories import UnitKerjaFactory


def _load(emulator, pegawai, **overrides):
    emulator.data["siasn"]["pns"][pegawai.nip] = ds.data_utama(pegawai, **overrides)
    emulator.load()


def _rows(banding):
    return {b.label: b for b in banding.baris}


def test_same_data_shows_no_difference(emulator, org):
    _load(emulator, org.staf)
    banding = siasn.profil_banding(actor=org.staf.user, pegawai=org.staf)
    rows = _rows(banding)
    assert list(rows)[:3] == ["INSTANSI KERJA", "NOMOR KARTU PEGAWAI", "NIP"]
    assert {
        "TANGGAL LAHIR",
        "JABATAN / JENJANG",
        "TMT GOLONGAN",
        "GELAR BELAKANG",
        "JENIS KELAMIN",
        "TMT PNS",
    } <= set(rows)
    assert not banding.ada_beda
    assert banding.pesan_unit == ""
    assert rows["TANGGAL LAHIR"].siasn == org.staf.tanggal_lahir.strftime("%d-%m-%Y")
    assert LogSinkronisasi.objects.count() == 0  # looking writes nothing


def test_differences_and_unor_message(emulator, org):
    _load(
        emulator,
        org.staf,
        nama="STAF BIDANG BARU",
        golRuangAkhir="iii/c",
        tmtGolAkhir="01-04-2024",
        unorId="8ae4828759b32bf70159b583f74630be",
        unorNama="BADAN KEPEGAWAIAN",
        jenisKelamin="F",
    )
    banding = siasn.profil_banding(actor=org.staf.user, pegawai=org.staf)
    rows = _rows(banding)
    assert rows["NAMA"].beda and rows["NAMA"].siasn == "STAF BIDANG BARU"
    assert rows["GOLONGAN RUANG"].siasn == "III/c" and rows["GOLONGAN RUANG"].beda
    assert rows["TMT GOLONGAN"].siasn == "01-04-2024"
    assert rows["JENIS KELAMIN"].siasn == "Wanita" and rows["JENIS KELAMIN"].beda
    assert not rows["NIP"].beda
    assert banding.unit_beda
    assert (
        banding.pesan_unit
        == "Terdapat perbedaan Nama dan/atau ID Unit Kerja (Unor) antara SIASN dan e-Kinerja"
    )
    assert "sesuaikan kembali unit kerja di menu edit profil" in banding.saran_unit
    assert (banding.unit_siasn_id, banding.unit_ekinerja_id) == (
        "8ae4828759b32bf70159b583f74630be",
        org.bidang.id_unor,
    )
    assert banding.unit_siasn_terdaftar is None


def test_apply_takes_siasn_data_and_keeps_our_unit(emulator, org):
    _load(
        emulator,
        org.staf,
        nama="STAF BIDANG BARU",
        gelarBelakang="S.Kom.",
        golRuangAkhir="iii/C",
        tmtGolAkhir="01-04-2024",
        tmtJabatan="01-12-2020",
        jabatanNama="PERANCANG SISTEM INFORMASI KEPEGAWAIAN",
        jenjang="Ahli Muda",
        jenisJabatan="JF",
        unorId=org.badan.id_unor,
        unorNama=org.badan.nama,
    )
    log = siasn.profil_terapkan(actor=org.staf.user, pegawai=org.staf)
    p = Pegawai.objects.select_related("jabatan").get(pk=org.staf.pk)
    assert (p.nama, p.gelar_belakang, p.golongan) == ("STAF BIDANG BARU", "S.Kom.", "III/c")
    assert p.tmt_golongan == datetime.date(2024, 4, 1) and p.tmt_jabatan == datetime.date(2020, 12, 1)
    assert (p.jabatan.nama, p.jabatan.jenjang, p.jabatan.jenis) == (
        "PERANCANG SISTEM INFORMASI KEPEGAWAIAN",
        "Ahli Muda",
        "JF",
    )
    assert p.unit_kerja_id == org.bidang.pk  # the e-Kinerja unit stays
    assert p.siasn_id == ds.siasn_id(p.nip) and p.siasn_sinkron_pada is not None
    assert log.status == "BERHASIL" and log.jenis == "PROFIL"
    assert "Terdapat perbedaan Nama dan/atau ID Unit Kerja" in log.catatan
    assert set(log.hasil["diubah"]) >= {"nama", "golongan", "jabatan", "siasn_id"}
    assert AuditEvent.objects.filter(action="siasn.profil_terapkan", object_id=str(p.pk)).count() == 1


def test_existing_jabatan_is_reused(emulator, org):
    existing = Jabatan.objects.create(nama="Analis Kepegawaian", jenjang="Ahli Muda", jenis="JF")
    _load(emulator, org.staf, jabatanNama="ANALIS KEPEGAWAIAN", jenjang="AHLI MUDA", jenisJabatan="2")
    count = Jabatan.objects.count()
    siasn.profil_terapkan(actor=org.staf.user, pegawai=org.staf)
    org.staf.refresh_from_db()
    assert org.staf.jabatan_id == existing.pk and Jabatan.objects.count() == count


def test_choose_siasn_unit_resets_leadership(emulator, org):
    _load(emulator, org.kabid, unorId=org.subbidang.id_unor, unorNama=org.subbidang.nama)
    siasn.profil_terapkan(actor=org.kabid.user, pegawai=org.kabid, pakai_unit_siasn=True)
    org.kabid.refresh_from_db()
    assert org.kabid.unit_kerja_id == org.subbidang.pk
    assert org.kabid.jenis_pegawai == "PEGAWAI"


def test_choose_unknown_or_foreign_unit_is_refused_and_nothing_written(emulator, org, other_org):
    _load(emulator, org.staf, nama="NAMA BARU", unorId=other_org.unit.id_unor, unorNama=other_org.unit.nama)
    with pytest.raises(DomainError) as exc:
        siasn.profil_terapkan(actor=org.staf.user, pegawai=org.staf, pakai_unit_siasn=True)
    assert exc.value.field == "pakai_unit_siasn"
    org.staf.refresh_from_db()
    assert org.staf.nama == "STAF BIDANG" and org.staf.siasn_id == ""
    assert LogSinkronisasi.objects.count() == 0


def test_inactive_siasn_unit_is_refused(emulator, org):
    closed = UnitKerjaFactory(instansi=org.instansi, parent=org.bidang, nama="UNIT TUTUP", aktif=False)
    _load(emulator, org.staf, unorId=closed.id_unor, unorNama=closed.nama)
    with pytest.raises(DomainError):
        siasn.profil_terapkan(actor=org.staf.user, pegawai=org.staf, pakai_unit_siasn=True)


def test_second_apply_changes_nothing(emulator, org):
    _load(emulator, org.staf, nama="NAMA DARI SIASN")
    siasn.profil_terapkan(actor=org.staf.user, pegawai=org.staf)
    history = org.staf.history.count()
    audits = AuditEvent.objects.filter(action="siasn.profil_terapkan").count()
    log = siasn.profil_terapkan(actor=org.staf.user, pegawai=org.staf)
    assert log.hasil["diubah"] == []
    assert "tidak ada perubahan" in log.catatan
    assert org.staf.history.count() == history
    assert AuditEvent.objects.filter(action="siasn.profil_terapkan").count() == audits
    assert LogSinkronisasi.objects.filter(pegawai=org.staf, terkini=True).count() == 1


def test_rights(emulator, org, other_org):
    _load(emulator, org.staf)
    with pytest.raises(PermissionDeniedError):
        siasn.profil_banding(actor=org.staf2.user, pegawai=org.staf)
    with pytest.raises(PermissionDeniedError):
        siasn.profil_terapkan(actor=other_org.admin, pegawai=org.staf)
    with pytest.raises(PermissionDeniedError):
        siasn.profil_sinkron_instansi(actor=org.staf.user, instansi=org.instansi)
    assert siasn.profil_banding(actor=org.admin, pegawai=org.staf).pegawai == org.staf


def test_not_in_siasn_is_a_clear_refusal(emulator, org):
    emulator.load()
    with pytest.raises(DomainError) as exc:
        siasn.profil_banding(actor=org.staf.user, pegawai=org.staf)
    assert "Data tidak ditemukan" in exc.value.message


def test_network_error_and_not_configured_write_nothing(emulator, org, settings):
    _load(emulator, org.staf, nama="BARU")
    emulator.faults({"match": "/pns/data-utama/", "mode": "500", "times": 1})
    with pytest.raises(NetworkError):
        siasn.profil_terapkan(actor=org.staf.user, pegawai=org.staf)
    settings.SIASN_BASE_URL = ""
    with pytest.raises(NotConfigured):
        siasn.profil_banding(actor=org.staf.user, pegawai=org.staf)
    org.staf.refresh_from_db()
    assert org.staf.nama == "STAF BIDANG" and LogSinkronisasi.objects.count() == 0


def test_otomatis_keeps_unit_and_notes_who_fixes(emulator, org):
    _load(emulator, org.staf, unorId=org.badan.id_unor, unorNama=org.badan.nama)
    log = siasn.profil_sinkron_otomatis(actor=org.admin, pegawai=org.staf, tahun=None)
    org.staf.refresh_from_db()
    assert org.staf.unit_kerja_id == org.bidang.pk
    assert log.status == "BERHASIL"
    assert "Terdapat perbedaan Nama dan/atau ID Unit Kerja (Unor) antara SIASN dan e-Kinerja" in log.catatan
    assert "Yang harus memperbaiki" in log.catatan


def test_otomatis_failures_are_log_rows(emulator, org):
    _load(emulator, org.staf, golRuangAkhir="IX")  # a PPPK grade on a PNS
    emulator.data["siasn"]["pns"][org.staf.nip]["golRuangAkhir"] = "IX"
    emulator.load()
    log = siasn.profil_sinkron_otomatis(actor=org.admin, pegawai=org.staf, tahun=None)
    assert log.status == "GAGAL"
    assert log.catatan.startswith('Gagal Sinkro: "Golongan ruang IX dari SIASN tidak berlaku untuk PNS')
    assert log.perbaikan
    missing = siasn.profil_sinkron_otomatis(actor=org.admin, pegawai=org.staf2, tahun=None)
    assert missing.status == "GAGAL" and missing.keterangan == "Error: 404 Data tidak ditemukan"
    org.staf.refresh_from_db()
    assert org.staf.golongan == "III/b" and org.staf.siasn_id == ""
