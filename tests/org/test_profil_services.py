import pytest

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.org.models import Jabatan
from kinerja.org.services import profil as services

from ..factories import PegawaiFactory, UnitKerjaFactory


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_klaim_pimpinan_makes_the_employee_leader_and_is_audited(org):
    services.klaim_pimpinan(actor=org.anggota_sub.user, pegawai=org.anggota_sub)
    org.anggota_sub.refresh_from_db()
    assert org.anggota_sub.jenis_pegawai == "PIMPINAN"
    [event] = events("profil.klaim_pimpinan")
    assert event.before == {"jenis_pegawai": "PEGAWAI"} and event.after == {"jenis_pegawai": "PIMPINAN"}
    assert event.actor == org.anggota_sub.user and event.instansi == org.instansi


def test_klaim_refused_when_the_unit_already_has_a_leader(org):
    with pytest.raises(DomainError, match="sudah diklaim oleh KEPALA BIDANG"):
        services.klaim_pimpinan(actor=org.staf.user, pegawai=org.staf)
    org.staf.refresh_from_db()
    assert org.staf.jenis_pegawai == "PEGAWAI"
    assert events("profil.klaim_pimpinan") == []


def test_klaim_refused_twice_and_for_inactive_unit(org):
    with pytest.raises(DomainError, match="sudah berstatus Pimpinan"):
        services.klaim_pimpinan(actor=org.kabid.user, pegawai=org.kabid)
    org.subbidang.aktif = False
    org.subbidang.save()
    with pytest.raises(DomainError, match="sudah tidak aktif"):
        services.klaim_pimpinan(actor=org.anggota_sub.user, pegawai=org.anggota_sub)


def test_klaim_for_someone_else_is_refused(org):
    with pytest.raises(PermissionDeniedError):
        services.klaim_pimpinan(actor=org.staf.user, pegawai=org.anggota_sub)


def test_admin_of_the_instansi_may_act_but_not_another_admin(org, other_org):
    services.klaim_pimpinan(actor=org.admin, pegawai=org.anggota_sub)
    with pytest.raises(PermissionDeniedError):
        services.lepas_pimpinan(actor=other_org.admin, pegawai=org.anggota_sub)


def test_lepas_pimpinan(org):
    services.lepas_pimpinan(actor=org.kabid.user, pegawai=org.kabid)
    org.kabid.refresh_from_db()
    assert org.kabid.jenis_pegawai == "PEGAWAI"
    assert len(events("profil.lepas_pimpinan")) == 1
    with pytest.raises(DomainError, match="bukan pimpinan"):
        services.lepas_pimpinan(actor=org.kabid.user, pegawai=org.kabid)
    # once released, another member may claim
    services.klaim_pimpinan(actor=org.staf.user, pegawai=org.staf)


def test_profil_update_changing_unit_resets_jenis_pegawai(org):
    jabatan = Jabatan.objects.create(nama="Analis Baru", jenis="JF", jenjang="Ahli Muda")
    services.profil_update(
        actor=org.kabid.user, pegawai=org.kabid, unit_kerja=org.subbidang, jabatan=jabatan, golongan="III/d"
    )
    org.kabid.refresh_from_db()
    assert (org.kabid.unit_kerja, org.kabid.jabatan, org.kabid.golongan) == (org.subbidang, jabatan, "III/d")
    assert org.kabid.jenis_pegawai == "PEGAWAI"
    [event] = events("profil.update")
    assert event.before["unit_kerja"] == org.bidang.pk and event.after["unit_kerja"] == org.subbidang.pk
    assert event.after["jenis_pegawai"] == "PEGAWAI"


def test_profil_update_same_unit_keeps_leadership_and_no_change_writes_nothing(org):
    services.profil_update(
        actor=org.kabid.user,
        pegawai=org.kabid,
        unit_kerja=org.bidang,
        jabatan=org.kabid.jabatan,
        golongan=org.kabid.golongan,
    )
    org.kabid.refresh_from_db()
    assert org.kabid.jenis_pegawai == "PIMPINAN"
    assert events("profil.update") == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ("other_instansi", "unit_kerja", "Unit kerja harus berada di instansi Anda."),
        ("inactive", "unit_kerja", "Unit kerja ini sudah tidak aktif"),
        ("golongan", "golongan", "Golongan IX tidak berlaku untuk PNS."),
    ],
)
def test_profil_update_refusals(org, other_org, change, field, message):
    unit, golongan = org.bidang, "III/b"
    if change == "other_instansi":
        unit = other_org.unit
    elif change == "inactive":
        unit = UnitKerjaFactory(instansi=org.instansi, parent=org.bidang, aktif=False)
    else:
        golongan = "IX"
    with pytest.raises(DomainError) as exc:
        services.profil_update(
            actor=org.staf.user,
            pegawai=org.staf,
            unit_kerja=unit,
            jabatan=org.staf.jabatan,
            golongan=golongan,
        )
    assert exc.value.field == field and exc.value.message.startswith(message)
    org.staf.refresh_from_db()
    assert org.staf.unit_kerja == org.bidang and org.staf.golongan == "III/b"
    assert events("profil.update") == []


def test_pppk_golongan_accepted_for_pppk(org):
    pppk = PegawaiFactory(unit_kerja=org.bidang, jenis_asn="PPPK", golongan="IX")
    services.profil_update(
        actor=pppk.user, pegawai=pppk, unit_kerja=org.bidang, jabatan=pppk.jabatan, golongan="XI"
    )
    pppk.refresh_from_db()
    assert pppk.golongan == "XI"
