"""Manajemen User PMM services against the emulator: add by NIP, remove with a reason, refusals, audit."""

import pytest

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import PenggunaPmm
from kinerja.integrasi.services.pmm_pengguna import (
    ALASAN_HAPUS,
    MASIH_TERDAFTAR,
    pengguna_hapus,
    pengguna_tambah,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pmm(emulator, org):
    emulator.data["pmm"]["pengguna"][org.staf.nip] = ds.pengguna(org.staf, jenis_ptk="Guru Mapel")
    emulator.load()
    return emulator


def _set_terdaftar(emulator, pegawai, terdaftar: bool):
    emulator.data["pmm"]["pengguna"][pegawai.nip] = ds.pengguna(pegawai, terdaftar=terdaftar)
    emulator.load()


def test_tambah_stores_jenis_ptk_and_audits(pmm, org):
    pengguna = pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=f" {org.staf.nip} ")
    assert pengguna.pegawai == org.staf
    assert pengguna.jenis_ptk == "Guru Mapel"
    assert pengguna.ditambahkan_oleh == org.admin
    event = AuditEvent.objects.get(action="pmm.pengguna_tambah")
    assert event.after["nip"] == org.staf.nip and event.instansi_id == org.instansi.pk
    assert pmm.calls(f"/pengguna/{org.staf.nip}")


@pytest.mark.parametrize(
    ("nip", "pesan"),
    [
        ("12345", "NIP tidak valid"),
        ("19900101202001100x", "NIP tidak valid"),
        ("199001012020011999", "tidak ditemukan di Pemerintah Kab. Uji"),
    ],
)
def test_tambah_refuses_bad_or_unknown_nip(pmm, org, nip, pesan):
    with pytest.raises(DomainError) as exc:
        pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=nip)
    assert pesan in exc.value.message and exc.value.field == "nip"
    assert not PenggunaPmm.objects.exists()


def test_tambah_refuses_employee_of_another_instansi_and_inactive(pmm, org, other_org):
    with pytest.raises(DomainError, match="tidak ditemukan"):
        pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=other_org.pegawai.nip)
    org.staf.aktif = False
    org.staf.save()
    with pytest.raises(DomainError, match="tidak ditemukan"):
        pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf.nip)
    assert not PenggunaPmm.objects.exists()


def test_tambah_refuses_twice(pmm, org):
    pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf.nip)
    with pytest.raises(DomainError, match="sudah terdaftar sebagai User PMM") as exc:
        pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf.nip)
    assert exc.value.field == "nip"
    assert PenggunaPmm.objects.count() == 1


def test_tambah_refuses_person_pmm_does_not_list(pmm, org):
    with pytest.raises(DomainError, match="tidak terdaftar sebagai pengguna PMM") as exc:
        pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf2.nip)  # unknown to PMM
    assert exc.value.field == "nip"
    _set_terdaftar(pmm, org.staf2, False)
    with pytest.raises(DomainError, match="tidak terdaftar sebagai pengguna PMM"):
        pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf2.nip)
    assert not PenggunaPmm.objects.exists()


def test_tambah_with_pmm_unreachable_saves_nothing(pmm, org, settings):
    pmm.faults({"match": "/pmm/v1/pengguna/", "mode": "500", "times": 1})
    with pytest.raises(DomainError, match="PMM tidak dapat dihubungi"):
        pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf.nip)
    settings.PMM_BASE_URL = ""
    with pytest.raises(DomainError, match="belum dikonfigurasi"):
        pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf.nip)
    assert not PenggunaPmm.objects.exists()
    assert not AuditEvent.objects.filter(action="pmm.pengguna_tambah").exists()


def test_tambah_rights(pmm, org, other_org, admin_nasional):
    for actor in (org.staf.user, other_org.admin):
        with pytest.raises(PermissionDeniedError):
            pengguna_tambah(actor=actor, instansi=org.instansi, nip=org.staf.nip)
    assert pengguna_tambah(actor=admin_nasional, instansi=org.instansi, nip=org.staf.nip).pk


def test_hapus_refused_while_pmm_still_lists_the_person(pmm, org):
    pengguna = pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf.nip)
    with pytest.raises(DomainError) as exc:
        pengguna_hapus(actor=org.admin, pengguna=pengguna, alasan="BUKAN_GURU")
    assert exc.value.message == MASIH_TERDAFTAR
    assert (
        exc.value.message == "Gagal menghapus pengguna PMM dikarenakan Pegawai masih terdaftar pengguna PMM"
    )
    assert PenggunaPmm.objects.filter(pk=pengguna.pk).exists()
    assert not AuditEvent.objects.filter(action="pmm.pengguna_hapus").exists()


@pytest.mark.parametrize(("kode", "label"), ALASAN_HAPUS)
def test_hapus_with_each_reason_when_pmm_no_longer_lists(pmm, org, kode, label):
    pengguna = pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf.nip)
    _set_terdaftar(pmm, org.staf, False)
    pengguna_hapus(actor=org.admin, pengguna=pengguna, alasan=kode)
    assert not PenggunaPmm.objects.exists()
    event = AuditEvent.objects.get(action="pmm.pengguna_hapus")
    assert event.after == {"alasan": label}
    assert event.before["nip"] == org.staf.nip


def test_six_reasons_of_the_seed():
    assert [label for _, label in ALASAN_HAPUS] == [
        "Guru Kemenag",
        "Bukan Guru",
        "Perubahan Jabatan ke Non Guru",
        "Bekerja di Sekolah Indonesia di Luar Negeri (SILN)",
        "Sedang Tugas Belajar",
        "Diperbantukan di Satuan Pendidikan Swasta",
    ]


def test_hapus_allowed_when_pmm_does_not_know_the_nip(pmm, org):
    pengguna = pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf.nip)
    del pmm.data["pmm"]["pengguna"][org.staf.nip]
    pmm.load()
    pengguna_hapus(actor=org.admin, pengguna=pengguna, alasan="GURU_KEMENAG")
    assert not PenggunaPmm.objects.exists()


def test_hapus_refuses_unknown_reason_and_other_admins(pmm, org, other_org):
    pengguna = pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf.nip)
    _set_terdaftar(pmm, org.staf, False)
    with pytest.raises(DomainError) as exc:
        pengguna_hapus(actor=org.admin, pengguna=pengguna, alasan="LAINNYA")
    assert exc.value.field == "alasan"
    for actor in (other_org.admin, org.staf.user):
        with pytest.raises(PermissionDeniedError):
            pengguna_hapus(actor=actor, pengguna=pengguna, alasan="BUKAN_GURU")
    assert PenggunaPmm.objects.filter(pk=pengguna.pk).exists()


def test_hapus_with_pmm_unreachable_keeps_the_user(pmm, org):
    pengguna = pengguna_tambah(actor=org.admin, instansi=org.instansi, nip=org.staf.nip)
    _set_terdaftar(pmm, org.staf, False)
    pmm.faults({"match": "/pmm/v1/pengguna/", "mode": "timeout", "times": 1, "delay": 1.5})
    with pytest.raises(DomainError, match="PMM tidak dapat dihubungi"):
        pengguna_hapus(actor=org.admin, pengguna=pengguna, alasan="BUKAN_GURU")
    assert PenggunaPmm.objects.filter(pk=pengguna.pk).exists()
