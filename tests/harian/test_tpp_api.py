"""The TPP API: list and detail for the payment system, rights of API keys and people, Tutup Bulan by a write key."""

import pytest

from kinerja.api.keys import apikey_create
from kinerja.harian.models import BulanDitutup, PengaturanHarian
from kinerja.org.models import Pegawai

from ..skp.conftest import YEAR
from .test_tpp import APRIL, MARET, t  # noqa: F401  (fixture)


@pytest.fixture
def kunci(t, other_org):  # noqa: F811
    PengaturanHarian.objects.create(instansi=other_org.instansi, aktif=True)
    raw = {
        "baca": apikey_create(actor=t.admin, instansi=t.instansi, nama="TPP", akses="BACA")[1],
        "tulis": apikey_create(actor=t.admin, instansi=t.instansi, nama="TPP tulis", akses="TULIS")[1],
        "lain": apikey_create(actor=other_org.admin, instansi=other_org.instansi, nama="Lain", akses="TULIS")[
            1
        ],
    }
    return {k: {"Authorization": f"Bearer {v}"} for k, v in raw.items()}


def api(*parts):
    return "/api/v1/tpp/" + "/".join(str(p) for p in parts)


def test_api_list_and_detail(client, t, kunci):  # noqa: F811
    r = client.get(api(YEAR, MARET), headers=kunci["baca"])
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == Pegawai.objects.filter(instansi=t.instansi, aktif=True).count()
    item = next(i for i in body["items"] if i["nip"] == t.staf.nip)
    assert item["nilai"] == 75.0 and item["ditutup"] is False and item["bulan"] == MARET
    assert item["rincian"][0]["target"] == 2.0 and item["rincian"][0]["realisasi"] == 1.5
    assert client.get(api(YEAR, MARET) + f"?q={t.staf.nip}", headers=kunci["baca"]).json()["count"] == 1
    r = client.get(api(YEAR, APRIL, t.staf.nip), headers=kunci["baca"])
    assert r.status_code == 200 and r.json()["nilai"] == 100.0
    assert client.get(api(YEAR, 13), headers=kunci["baca"]).status_code == 422


def test_api_key_of_another_instansi_sees_nothing(client, t, other_org, kunci):  # noqa: F811
    items = client.get(api(YEAR, MARET), headers=kunci["lain"]).json()["items"]
    assert [i["nip"] for i in items] == [other_org.pegawai.nip]
    r = client.get(api(YEAR, MARET, t.staf.nip), headers=kunci["lain"])
    assert r.status_code == 404 and r.json()["kode"] == "tidak_ditemukan"
    r = client.get(api(YEAR, MARET) + f"?instansi={t.instansi.pk}", headers=kunci["lain"])
    assert r.status_code == 404
    r = client.post(api(YEAR, MARET, "tutup") + f"?instansi={t.instansi.pk}", headers=kunci["lain"])
    assert r.status_code == 404 and not BulanDitutup.objects.filter(instansi=t.instansi).exists()


def test_api_read_key_cannot_close_write_key_can(client, t, kunci):  # noqa: F811
    r = client.post(api(YEAR, MARET, "tutup"), headers=kunci["baca"])
    assert r.status_code == 403 and r.json()["kode"] == "hanya_baca"
    assert not BulanDitutup.objects.exists()
    r = client.post(api(YEAR, MARET, "tutup"), headers=kunci["tulis"])
    assert (
        r.status_code == 200
        and r.json()["jumlah_pegawai"] == Pegawai.objects.filter(instansi=t.instansi, aktif=True).count()
    )
    r = client.post(api(YEAR, MARET, "tutup"), headers=kunci["tulis"])
    assert r.status_code == 400 and "sudah ditutup" in r.json()["pesan"]
    r = client.post(api(YEAR, 12, "tutup"), headers=kunci["tulis"])
    assert r.status_code == 400 and "belum berakhir" in r.json()["pesan"]
    item = client.get(api(YEAR, MARET, t.staf.nip), headers=kunci["baca"]).json()
    assert item["ditutup"] is True and item["nilai"] == 75.0


def test_api_rights_of_people(client, t, other_org):  # noqa: F811
    client.force_login(t.staf.user)
    r = client.get(api(YEAR, MARET))
    assert r.status_code == 403 and r.json()["kode"] == "tidak_berhak"
    assert client.get(api(YEAR, MARET, t.staf.nip)).json()["nilai"] == 75.0  # own
    assert client.get(api(YEAR, MARET, t.staf2.nip)).status_code == 404  # a colleague
    client.force_login(t.kabid.user)  # the pejabat penilai
    assert client.get(api(YEAR, MARET, t.staf.nip)).status_code == 200
    client.logout()
    assert client.get(api(YEAR, MARET)).status_code == 401


def test_api_feature_off_is_404(client, t, kunci):  # noqa: F811
    PengaturanHarian.objects.filter(pk=t.pengaturan.pk).update(aktif=False)
    assert client.get(api(YEAR, MARET), headers=kunci["baca"]).status_code == 404
    assert client.get(api(YEAR, MARET, t.staf.nip), headers=kunci["baca"]).status_code == 404
    assert client.post(api(YEAR, MARET, "tutup"), headers=kunci["tulis"]).status_code == 404
