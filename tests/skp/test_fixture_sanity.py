def test_cascade_fixture(skp_org):
    o = skp_org
    assert o.skp_kaban.is_jpt and not o.skp_kabid.is_jpt
    assert o.skp_staf.penilai == o.kabid and o.skp_kabid.penilai == o.kaban
    assert o.rhk_staf.rhk_atasan == o.rhk_kabid and o.rhk_kabid.rhk_atasan == o.rhk_kaban
