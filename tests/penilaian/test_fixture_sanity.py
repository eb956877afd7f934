def test_nilai_fixture(nilai_org):
    o = nilai_org
    assert (
        o.skp_staf.status == "PERSETUJUAN"
        or o.skp_staf.__class__.objects.get(pk=o.skp_staf.pk).status == "PERSETUJUAN"
    )
    assert o.tw1.penilai == o.kabid and o.final.penilai == o.kabid
    assert (o.tw1.awal.month, o.tw1.akhir.month, o.tw1.batas.month) == (1, 3, 4)
    assert o.final.batas.year == o.final.akhir.year + 1
