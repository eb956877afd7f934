"""GET /keluaran/{tahun} and /keluaran/{tahun}/{nip}: values, scope of API keys and users, pagination."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.api.keys import apikey_create

from ..laporan.conftest import ak_org, nilai_org, pegawai_dinilai, skp_org  # noqa: F401  (fixtures)
from ..skp.conftest import YEAR


@pytest.fixture
def kunci(ak_org, other_org):  # noqa: F811
    _a, raw_a = apikey_create(actor=ak_org.admin, instansi=ak_org.instansi, nama="Sistem TPP", akses="BACA")
    _b, raw_b = apikey_create(
        actor=other_org.admin, instansi=other_org.instansi, nama="TPP Lain", akses="BACA"
    )
    return {"a": {"Authorization": f"Bearer {raw_a}"}, "b": {"Authorization": f"Bearer {raw_b}"}}


def url(*parts):
    return "/api/v1/keluaran/" + "/".join(str(p) for p in parts)


def test_key_of_the_instansi_lists_the_final_values(client, ak_org, kunci):  # noqa: F811
    o = ak_org
    r = client.get(url(YEAR), headers=kunci["a"])
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["nip"] == o.staf.nip and item["tahun"] == YEAR and item["penilaian_final_id"] == o.final.pk
    assert item["predikat"] == "SANGAT_BAIK" and item["predikat_label"] == "Sangat Baik"
    assert item["rating_hasil_kerja"] == {"rating": "DIATAS", "label": "Diatas Ekspektasi", "kode": 3}
    assert item["rating_perilaku"]["kode"] == 3
    assert item["nilai"] == 100 and item["indeks_profesionalitas"] == 30.0 and item["kuadran"] == 1
    assert item["jenjang"] == "AHLI_PERTAMA" and item["angka_kredit"] == 18.75
    assert [(p["bulan"], p["angka_kredit"], p["persentase"]) for p in item["periode"]] == [(12, 18.75, 150.0)]


def test_key_of_instansi_a_sees_nothing_of_b(client, ak_org, other_org, kunci):  # noqa: F811
    lain = pegawai_dinilai(other_org.unit, ak_org.periode["final"])
    assert [i["nip"] for i in client.get(url(YEAR), headers=kunci["b"]).json()["items"]] == [lain.nip]
    assert client.get(url(YEAR, ak_org.staf.nip), headers=kunci["b"]).status_code == 404
    assert client.get(url(YEAR, lain.nip), headers=kunci["a"]).status_code == 404
    r = client.get(url(YEAR, lain.nip), headers=kunci["b"])
    assert r.status_code == 200 and r.json()["predikat"] == "BAIK" and r.json()["angka_kredit"] == 25.0


def test_detail_for_the_employee_and_the_assessor_others_404(client, ak_org, other_org):  # noqa: F811
    o = ak_org
    for user in (o.staf.user, o.kabid.user, o.kaban.user):
        client.force_login(user)
        r = client.get(url(YEAR, o.staf.nip))
        assert r.status_code == 200 and r.json()["predikat"] == "SANGAT_BAIK"
    for user in (o.staf2.user, other_org.admin):
        client.force_login(user)
        r = client.get(url(YEAR, o.staf.nip))
        assert r.status_code == 404 and r.json()["kode"] == "tidak_ditemukan"


def test_a_year_without_final_gives_an_empty_predikat(client, ak_org, kunci):  # noqa: F811
    r = client.get(url(YEAR - 1, ak_org.staf.nip), headers=kunci["a"])
    assert r.status_code == 200 and r.json()["predikat"] == "" and r.json()["periode"] == []
    assert client.get(url(YEAR - 1), headers=kunci["a"]).json() == {"items": [], "count": 0}


def test_list_is_for_admins_only(client, ak_org):  # noqa: F811
    client.force_login(ak_org.staf.user)
    r = client.get(url(YEAR))
    assert r.status_code == 403 and r.json()["kode"] == "tidak_berhak"
    client.logout()
    assert client.get(url(YEAR)).status_code == 401


def test_bad_year_and_page_are_422(client, ak_org, kunci):  # noqa: F811
    r = client.get(url("abc"), headers=kunci["a"])
    assert r.status_code == 422 and r.json()["kode"] == "validasi"
    assert client.get(url(1800), headers=kunci["a"]).status_code == 422
    assert client.get(url(YEAR), {"page": 0}, headers=kunci["a"]).status_code == 422


def test_list_filter_and_pages(client, ak_org, kunci):  # noqa: F811
    o = ak_org
    for _ in range(3):
        pegawai_dinilai(o.bidang, o.periode["final"])
    r = client.get(url(YEAR), {"page_size": 2, "page": 2}, headers=kunci["a"])
    assert r.json()["count"] == 4 and len(r.json()["items"]) == 2
    r = client.get(url(YEAR), {"q": o.staf.nip}, headers=kunci["a"])
    assert [i["nip"] for i in r.json()["items"]] == [o.staf.nip]


def _queries(client, headers):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url(YEAR), headers=headers)
    assert r.status_code == 200
    return len(ctx), r.json()["count"]


def test_list_queries_are_constant(client, ak_org, kunci):  # noqa: F811
    o = ak_org
    pegawai_dinilai(o.bidang, o.periode["final"])
    small, n_small = _queries(client, kunci["a"])
    for _ in range(7):
        pegawai_dinilai(o.subbidang, o.periode["final"], jenjang="Mahir")
    big, n_big = _queries(client, kunci["a"])
    assert (n_small, n_big) == (2, 9) and small == big


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/keluaran/{tahun}" in paths and "/api/v1/keluaran/{tahun}/{nip}" in paths
