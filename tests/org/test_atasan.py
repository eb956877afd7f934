"""Atasan resolution (RULES.md §8): leader, leader of leader, PLT/PLH, no leader, seconded employee."""

import datetime

import pytest

from kinerja.org import atasan
from kinerja.org.models import Pegawai

from ..factories import PegawaiFactory, PenugasanPltFactory, UnitKerjaFactory

TODAY = datetime.date.today()


def penilai(p: Pegawai, on=None) -> Pegawai | None:
    return atasan.pejabat_penilai(p, on).pegawai


def test_member_is_assessed_by_the_claimed_leader_of_their_unit(org):
    result = atasan.pejabat_penilai(org.staf)
    assert result.pegawai == org.kabid
    assert result.pimpinan.status == "definitif"
    assert result.unit == org.bidang


def test_leader_is_assessed_by_the_leader_of_the_parent_unit(org):
    assert penilai(org.kabid) == org.kaban


def test_atasan_pejabat_penilai_is_the_assessors_own_assessor(org):
    rantai = atasan.rantai_atasan(org.staf)
    assert rantai.pejabat_penilai.pegawai == org.kabid
    assert rantai.atasan_pejabat_penilai.pegawai == org.kaban


def test_no_leader_claimed_explains_why(org):
    result = atasan.pejabat_penilai(org.anggota_sub)
    assert result.pegawai is None
    assert result.alasan.startswith("Unit kerja Anda belum memiliki pimpinan yang melakukan klaim pimpinan")
    assert "SUBBIDANG UJI" in result.alasan


def test_leader_whose_parent_unit_has_no_leader(org):
    lead_sub = PegawaiFactory(unit_kerja=org.subbidang, jenis_pegawai="PIMPINAN")
    assert penilai(lead_sub) == org.kabid
    # the root unit has no claimed leader: the head of the badan is told so
    result = atasan.pejabat_penilai(org.kaban)
    assert result.pegawai is None
    assert result.alasan.startswith("Unit kerja atasan Anda belum memiliki pimpinan")


def test_leader_of_the_root_unit_has_no_assessor_in_the_system(org):
    bupati_unit_lead = PegawaiFactory(unit_kerja=org.root, jenis_pegawai="PIMPINAN")
    result = atasan.pejabat_penilai(bupati_unit_lead)
    assert result.pegawai is None and result.alasan == atasan.TOP_OF_TREE


def test_active_plt_stands_in_for_a_missing_leader(org):
    plt = PenugasanPltFactory(pegawai=org.kabid, unit_kerja=org.subbidang, jenis="PLT")
    result = atasan.pejabat_penilai(org.anggota_sub)
    assert result.pegawai == org.kabid and result.pimpinan.status == "plt"
    # before it started and after it ended, nobody again
    assert penilai(org.anggota_sub, plt.tanggal_mulai - datetime.timedelta(days=1)) is None
    plt.tanggal_selesai = TODAY - datetime.timedelta(days=1)
    plt.save()
    assert penilai(org.anggota_sub) is None


def test_plh_stands_in_for_an_absent_definitive_leader_and_plt_wins_over_plh(org):
    PenugasanPltFactory(pegawai=org.staf2, unit_kerja=org.bidang, jenis="PLH")
    assert penilai(org.staf) == org.staf2
    # the acting person is not their own assessor: they go to the leader of the parent unit
    assert penilai(org.staf2) == org.kaban
    # the claimed leader is still assessed one level up, never by their stand-in
    assert penilai(org.kabid) == org.kaban
    PenugasanPltFactory(pegawai=org.kaban, unit_kerja=org.bidang, jenis="PLT")
    assert penilai(org.staf) == org.kaban


def test_seconded_employee_keeps_definitive_unit_and_assessor(org):
    org.staf.diperbantukan_di = "Sekretariat DPRD"
    org.staf.save()
    assert penilai(org.staf) == org.kabid


def test_unit_induk_is_nearest_jpt_or_mandiri_ancestor(org):
    chain = atasan.ancestors(org.subbidang)
    assert [u.nama for u in chain] == ["PEMERINTAH KAB. UJI", "BADAN UJI", "BIDANG UJI", "SUBBIDANG UJI"]
    assert atasan.unit_induk(chain) == org.badan
    assert atasan.unit_induk(atasan.ancestors(org.badan)) == org.badan
    assert atasan.unit_induk(atasan.ancestors(org.root)) is None


def test_pejabat_penilai_runs_three_queries_whatever_the_depth(org, django_assert_num_queries):
    deep = org.subbidang
    for i in range(6):
        deep = UnitKerjaFactory(instansi=org.instansi, parent=deep, nama=f"SEKSI {i}")
    member = PegawaiFactory(unit_kerja=deep)
    with django_assert_num_queries(3):
        atasan.pejabat_penilai(member)


@pytest.mark.parametrize("with_plt", [False, True])
def test_bawahan_and_pejabat_penilai_agree(org, with_plt):
    """Everyone listed as someone's bawahan has that someone as pejabat penilai, and vice versa."""
    if with_plt:
        PenugasanPltFactory(pegawai=org.kabid, unit_kerja=org.subbidang, jenis="PLT")
        PenugasanPltFactory(pegawai=org.staf2, unit_kerja=org.bidang, jenis="PLH")
    PegawaiFactory(unit_kerja=org.badan, nama="STAF BADAN")
    everyone = list(Pegawai.objects.all())
    for boss in everyone:
        listed = set(Pegawai.objects.filter(atasan.bawahan_q(boss)))
        assessed = {p for p in everyone if penilai(p) == boss}
        assert listed == assessed, boss.nama
