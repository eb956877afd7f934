from kinerja.harian import pengaturan


def test_harian_org_is_approved_and_switched_on(harian_org):
    o = harian_org
    o.skp_staf.refresh_from_db()
    assert o.skp_staf.status == "PERSETUJUAN"
    assert o.ind_staf.target_nilai == 12
    assert pengaturan.aktif(o.instansi.pk)


def test_feature_is_off_without_a_row(other_org):
    assert not pengaturan.aktif(other_org.instansi.pk)
    assert pengaturan.pengaturan(other_org.instansi.pk).aktif is False
