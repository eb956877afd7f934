import pytest

from kinerja.org.models import Peran

from .factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory, UserFactory


@pytest.fixture
def org(db):
    """A small instansi: root (JPT) > badan (Mandiri) > bidang > subbidang, each with people.

    kaban leads badan, kabid leads bidang, staf sits in bidang; subbidang has nobody claiming it.
    """
    instansi = InstansiFactory(nama="Pemerintah Kab. Uji")
    root = UnitKerjaFactory(instansi=instansi, nama="PEMERINTAH KAB. UJI", eselon="00")
    badan = UnitKerjaFactory(
        instansi=instansi, parent=root, nama="BADAN UJI", eselon="22", jenis_induk="MANDIRI"
    )
    bidang = UnitKerjaFactory(instansi=instansi, parent=badan, nama="BIDANG UJI", eselon="32")
    subbidang = UnitKerjaFactory(instansi=instansi, parent=bidang, nama="SUBBIDANG UJI", eselon="42")
    kaban = PegawaiFactory(unit_kerja=badan, nama="KEPALA BADAN", jenis_pegawai="PIMPINAN")
    kabid = PegawaiFactory(unit_kerja=bidang, nama="KEPALA BIDANG", jenis_pegawai="PIMPINAN")
    staf = PegawaiFactory(unit_kerja=bidang, nama="STAF BIDANG")
    staf2 = PegawaiFactory(unit_kerja=bidang, nama="STAF KEDUA")
    anggota_sub = PegawaiFactory(unit_kerja=subbidang, nama="ANGGOTA SUBBIDANG")
    admin = UserFactory(username="admin-uji", peran=Peran.ADMIN_INSTANSI, instansi=instansi)

    class Org:
        pass

    o = Org()
    o.__dict__.update(locals())
    return o


@pytest.fixture
def other_org(db):
    """A second instansi with its own admin and one employee."""
    instansi = InstansiFactory(nama="Pemerintah Kab. Lain")
    unit = UnitKerjaFactory(instansi=instansi, nama="DINAS LAIN", eselon="22", jenis_induk="JPT")
    pegawai = PegawaiFactory(unit_kerja=unit, nama="PEGAWAI LAIN")
    admin = UserFactory(username="admin-lain", peran=Peran.ADMIN_INSTANSI, instansi=instansi)

    class Org:
        pass

    o = Org()
    o.__dict__.update(locals())
    return o


@pytest.fixture
def admin_nasional(db):
    return UserFactory(username="admin-nasional", peran=Peran.ADMIN_NASIONAL)
