"""Manajemen Pegawai services: edit, reset password, nonaktifkan / aktifkan, with their refusals and audit."""

import datetime

import pytest
from axes.models import AccessAttempt

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.org.models import JenisPegawai, Pegawai, Peran, User
from kinerja.org.services import pegawai as svc
from tests.factories import PegawaiFactory, UnitKerjaFactory, UserFactory

FIELDS = [
    "nama", "gelar_depan", "gelar_belakang", "nomor_kartu_asn", "tempat_lahir", "tanggal_lahir",
    "jenis_kelamin", "jenis_asn", "tmt_cpns", "tmt_pns", "jabatan", "tmt_jabatan", "golongan", "tmt_golongan",
    "unit_kerja", "diperbantukan_di",
]  # fmt: skip


def data_of(p: Pegawai, **changes) -> dict:
    data = {name: getattr(p, name) for name in FIELDS}
    data.update(changes)
    return data


def events(action: str):
    return AuditEvent.objects.filter(action=action)


# --- services: edit ---------------------------------------------------------------------------------------


def test_update_saves_and_audits_only_what_changed(org):
    changed = svc.pegawai_update(
        actor=org.admin, pegawai=org.staf, **data_of(org.staf, nama="STAF BARU", gelar_belakang="S.Kom.",
                                                     golongan="III/c", tempat_lahir="SINGARAJA")
    )  # fmt: skip
    assert changed is True
    org.staf.refresh_from_db()
    assert org.staf.nama_lengkap == "STAF BARU, S.Kom."
    assert org.staf.pangkat_golongan == "Penata / III/c"
    event = events("pegawai.update").get()
    assert event.actor == org.admin and event.instansi == org.instansi and event.object_id == str(org.staf.pk)
    assert event.before == {
        "nama": "STAF BIDANG",
        "gelar_belakang": "",
        "golongan": "III/b",
        "tempat_lahir": "",
    }
    assert event.after == {"nama": "STAF BARU", "gelar_belakang": "S.Kom.", "golongan": "III/c",
                           "tempat_lahir": "SINGARAJA"}  # fmt: skip


def test_update_without_change_writes_no_event(org):
    assert svc.pegawai_update(actor=org.admin, pegawai=org.staf, **data_of(org.staf)) is False
    assert not events("pegawai.update").exists()


def test_changing_unit_releases_the_leader_claim(org):
    svc.pegawai_update(actor=org.admin, pegawai=org.kabid, **data_of(org.kabid, unit_kerja=org.subbidang))
    org.kabid.refresh_from_db()
    assert org.kabid.unit_kerja == org.subbidang
    assert org.kabid.jenis_pegawai == JenisPegawai.PEGAWAI
    event = events("pegawai.update").get()
    assert event.before == {"unit_kerja": org.bidang.pk, "jenis_pegawai": "PIMPINAN"}
    assert event.after == {"unit_kerja": org.subbidang.pk, "jenis_pegawai": "PEGAWAI"}


BAD_EDITS = [
    ({"tanggal_lahir": "+1"}, "tanggal_lahir", "Tanggal lahir pada NIP"),
    ({"jenis_kelamin": "P"}, "jenis_kelamin", "jenis kelamin"),
    ({"jenis_asn": "PPPK", "golongan": "IX"}, "jenis_asn", "NIP PPPK"),
    ({"tmt_cpns": datetime.date(2012, 5, 1)}, "tmt_cpns", "Bulan TMT CPNS pada NIP"),
    ({"golongan": "IX"}, "golongan", "Golongan IX tidak berlaku untuk PNS"),
    ({"tmt_pns": datetime.date(2009, 1, 1)}, "tmt_pns", "TMT PNS tidak boleh sebelum TMT CPNS"),
    ({"nama": "   "}, "nama", "Nama wajib diisi"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_EDITS)
def test_update_refuses_inconsistent_data(org, changes, field, message):
    if changes.get("tanggal_lahir") == "+1":
        changes = {"tanggal_lahir": org.staf.tanggal_lahir + datetime.timedelta(days=1)}
    with pytest.raises(DomainError) as err:
        svc.pegawai_update(actor=org.admin, pegawai=org.staf, **data_of(org.staf, **changes))
    assert err.value.field == field
    assert message in err.value.message
    org.staf.refresh_from_db()
    assert org.staf.nama == "STAF BIDANG" and org.staf.golongan == "III/b"
    assert not events("pegawai.update").exists()


def test_update_refuses_a_unit_of_another_instansi_or_an_inactive_one(org, other_org):
    with pytest.raises(DomainError) as err:
        svc.pegawai_update(actor=org.admin, pegawai=org.staf, **data_of(org.staf, unit_kerja=other_org.unit))
    assert err.value.field == "unit_kerja"
    closed = UnitKerjaFactory(instansi=org.instansi, parent=org.bidang, aktif=False)
    with pytest.raises(DomainError) as err:
        svc.pegawai_update(actor=org.admin, pegawai=org.staf, **data_of(org.staf, unit_kerja=closed))
    assert err.value.field == "unit_kerja" and "tidak aktif" in err.value.message
    assert not events("pegawai.update").exists()


def test_update_accepts_a_consistent_pppk(org):
    p = PegawaiFactory(unit_kerja=org.bidang, jenis_asn="PPPK", golongan="IX", tmt_pns=None,
                       tmt_cpns=datetime.date(2022, 3, 1))  # fmt: skip
    svc.pegawai_update(
        actor=org.admin, pegawai=p, **data_of(p, golongan="X", tmt_cpns=datetime.date(2022, 7, 1))
    )
    p.refresh_from_db()
    assert p.pangkat_golongan == "PPPK / X"
    with pytest.raises(DomainError) as err:
        svc.pegawai_update(actor=org.admin, pegawai=p, **data_of(p, tmt_pns=datetime.date(2023, 1, 1)))
    assert err.value.field == "tmt_pns"


def test_services_refuse_outsiders(org, other_org):
    for actor in (other_org.admin, org.staf.user):
        with pytest.raises(PermissionDeniedError):
            svc.pegawai_update(actor=actor, pegawai=org.staf, **data_of(org.staf, nama="X"))
        with pytest.raises(PermissionDeniedError):
            svc.pegawai_reset_password(actor=actor, pegawai=org.staf)
        with pytest.raises(PermissionDeniedError):
            svc.pegawai_deactivate(actor=actor, pegawai=org.staf)
    assert not AuditEvent.objects.exists()


def test_admin_nasional_manages_every_instansi(org, other_org, admin_nasional):
    svc.pegawai_update(
        actor=admin_nasional, pegawai=other_org.pegawai, **data_of(other_org.pegawai, nama="BARU")
    )
    assert events("pegawai.update").get().instansi == other_org.instansi


# --- services: reset password, nonaktifkan, aktifkan ------------------------------------------------------


def test_reset_password_sets_a_random_password_and_audits_without_it(org):
    AccessAttempt.objects.create(username=org.staf.nip, user_agent="x", http_accept="x", path_info="/masuk/",
                                 get_data="", post_data="", failures_since_start=5)  # fmt: skip
    password = svc.pegawai_reset_password(actor=org.admin, pegawai=org.staf)
    again = svc.pegawai_reset_password(actor=org.admin, pegawai=org.staf)
    assert len(password) >= 12 and password != again
    user = User.objects.get(pk=org.staf.user_id)
    assert user.check_password(again)
    assert not AccessAttempt.objects.filter(username=org.staf.nip).exists()  # the lockout is lifted
    event = events("pegawai.reset_password").first()
    assert event.after == {"akun_dibuat": False}
    assert password not in str(event.before) + str(event.after) + event.object_label
    assert events("pegawai.reset_password").count() == 2


def test_reset_password_creates_the_missing_login(org):
    p = PegawaiFactory(unit_kerja=org.bidang, user=None)
    password = svc.pegawai_reset_password(actor=org.admin, pegawai=p)
    p.refresh_from_db()
    assert p.user.username == p.nip and p.user.is_active and p.user.peran == Peran.PEGAWAI
    assert p.user.check_password(password)
    assert events("pegawai.reset_password").get().after == {"akun_dibuat": True}


def test_reset_password_links_an_orphan_login_with_the_nip(org):
    p = PegawaiFactory(unit_kerja=org.bidang, user=None)
    orphan = UserFactory(username=p.nip, is_active=False)
    svc.pegawai_reset_password(actor=org.admin, pegawai=p)
    p.refresh_from_db()
    assert p.user == orphan
    orphan.refresh_from_db()
    assert orphan.is_active


def test_reset_password_refusals(org, admin_nasional):
    org.staf2.aktif = False
    org.staf2.save()
    with pytest.raises(DomainError, match="nonaktif"):
        svc.pegawai_reset_password(actor=org.admin, pegawai=org.staf2)
    me = PegawaiFactory(unit_kerja=org.bidang, user=org.admin)
    with pytest.raises(DomainError, match="Ubah Password"):
        svc.pegawai_reset_password(actor=org.admin, pegawai=me)
    boss = PegawaiFactory(unit_kerja=org.bidang, user=UserFactory(peran=Peran.ADMIN_NASIONAL))
    with pytest.raises(PermissionDeniedError, match="admin nasional"):
        svc.pegawai_reset_password(actor=org.admin, pegawai=boss)
    with pytest.raises(PermissionDeniedError, match="admin nasional"):
        svc.pegawai_deactivate(actor=org.admin, pegawai=boss)
    assert not AuditEvent.objects.exists()
    svc.pegawai_reset_password(actor=admin_nasional, pegawai=boss)  # the national admin may


def test_deactivate_switches_off_record_and_login_and_releases_the_claim(org):
    svc.pegawai_deactivate(actor=org.admin, pegawai=org.kabid)
    org.kabid.refresh_from_db()
    assert not org.kabid.aktif and org.kabid.jenis_pegawai == JenisPegawai.PEGAWAI
    assert not User.objects.get(pk=org.kabid.user_id).is_active
    event = events("pegawai.deactivate").get()
    assert event.before == {"aktif": True, "jenis_pegawai": "PIMPINAN", "akun_aktif": True}
    assert event.after == {"aktif": False, "jenis_pegawai": "PEGAWAI", "akun_aktif": False}
    with pytest.raises(DomainError, match="sudah nonaktif"):
        svc.pegawai_deactivate(actor=org.admin, pegawai=org.kabid)

    svc.pegawai_activate(actor=org.admin, pegawai=org.kabid)
    org.kabid.refresh_from_db()
    assert org.kabid.aktif and org.kabid.jenis_pegawai == JenisPegawai.PEGAWAI  # the claim stays released
    assert User.objects.get(pk=org.kabid.user_id).is_active
    assert events("pegawai.activate").get().after == {"aktif": True, "akun_aktif": True}
    with pytest.raises(DomainError, match="sudah aktif"):
        svc.pegawai_activate(actor=org.admin, pegawai=org.kabid)
    assert AuditEvent.objects.count() == 2


def test_deactivating_yourself_is_refused(org):
    me = PegawaiFactory(unit_kerja=org.bidang, user=org.admin)
    with pytest.raises(DomainError, match="sendiri"):
        svc.pegawai_deactivate(actor=org.admin, pegawai=me)
    me.refresh_from_db()
    assert me.aktif and not AuditEvent.objects.exists()
