"""Instansi settings: the ideal curve, the leader's rating from the predikat organisasi and the keberatan window."""

from kinerja.penilaian import rules
from kinerja.penilaian.models import PengaturanPenilaian
from kinerja.penilaian.selectors.cetak import Capaian, pola_distribusi
from kinerja.penilaian.selectors.pengaturan import pengaturan_untuk
from kinerja.penilaian.services.keberatan import keberatan_hari


def test_defaults_without_a_settings_row(org):
    p = pengaturan_untuk(org.instansi.pk)
    assert p.keberatan_hari == 14
    assert p.kurva_ideal == rules.IDEAL_CURVE and p.rating_dari_organisasi == rules.RATING_DARI_ORGANISASI


def test_an_instansi_overrides_some_keys_and_keeps_the_other_defaults(org, other_org):
    PengaturanPenilaian.objects.create(
        instansi=org.instansi,
        keberatan_hari=21,
        kurva_ideal={"BAIK": [0, 10, 20, 60, 10]},
        rating_dari_organisasi={"BUTUH_PERBAIKAN": "SESUAI"},
    )
    p = pengaturan_untuk(org.instansi.pk)
    assert (
        p.kurva_ideal["BAIK"] == (0, 10, 20, 60, 10)
        and p.kurva_ideal["ISTIMEWA"] == rules.IDEAL_CURVE["ISTIMEWA"]
    )
    assert rules.rating_dari_organisasi("BUTUH_PERBAIKAN", p.rating_dari_organisasi) == "SESUAI"
    assert rules.rating_dari_organisasi("ISTIMEWA", p.rating_dari_organisasi) == "DIATAS"
    assert rules.ideal_counts("BAIK", 10, p.kurva_ideal)["SANGAT_KURANG"] == 0
    assert keberatan_hari(org.instansi.pk) == 21 and keberatan_hari(other_org.instansi.pk) == 14
    pola = pola_distribusi(Capaian("Baik", "BAIK", "BADAN UJI", False), "BAIK", p.kurva_ideal)
    assert [x.persen for x in pola] == [0, 10, 20, 60, 10]
