"""/organisasi: saya, unit kerja, pegawai, atasan, bawahan — rights as in the web UI, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.api.keys import apikey_create
from tests.factories import PegawaiFactory, UnitKerjaFactory

URL = "/api/v1/organisasi"


@pytest.fixture
def key_a(org):
    return apikey_create(actor=org.admin, instansi=org.instansi, nama="Sistem TPP", akses="BACA")[1]


@pytest.fixture
def key_b(other_org):
    return apikey_create(
        actor=other_org.admin, instansi=other_org.instansi, nama="Sistem Lain", akses="TULIS"
    )[1]


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def nips(response):
    assert response.status_code == 200, response.content
    return {p["nip"] for p in response.json()["items"]}


def as_user(client, user):
    client.force_login(user)
    return client


# --- saya ----------------------------------------------------------------------------------------------------


def test_saya_is_the_callers_employee_record(client, org):
    r = as_user(client, org.staf.user).get(f"{URL}/saya")
    assert r.status_code == 200
    body = r.json()
    assert body["nip"] == org.staf.nip and body["unit_kerja"]["nama"] == "BIDANG UJI"
    assert body["tanggal_lahir"] == org.staf.tanggal_lahir.isoformat()


def test_saya_for_an_account_without_employee_is_a_json_404(client, org, key_a):
    r = client.get(f"{URL}/saya", headers=bearer(key_a))
    assert r.status_code == 404 and r.json()["kode"] == "tidak_ditemukan"
    assert client.get(f"{URL}/saya").status_code == 401


# --- unit kerja ----------------------------------------------------------------------------------------------


def test_unit_list_of_own_instansi_with_leaders(client, org):
    r = as_user(client, org.staf.user).get(f"{URL}/unit-kerja")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 4
    by_name = {u["nama"]: u for u in body["items"]}
    assert by_name["BIDANG UJI"]["pimpinan"] == {
        "nip": org.kabid.nip,
        "nama": "KEPALA BIDANG",
        "status": "definitif",
    }
    assert by_name["BIDANG UJI"]["jumlah_pegawai"] == 3
    assert by_name["SUBBIDANG UJI"]["pimpinan"] is None
    assert [u["nama"] for u in body["items"]][0] == "PEMERINTAH KAB. UJI"  # tree order


def test_unit_list_filters_and_scopes(client, org, other_org, admin_nasional, key_a):
    r = client.get(f"{URL}/unit-kerja", {"q": "bidang"}, headers=bearer(key_a))
    assert {u["nama"] for u in r.json()["items"]} == {"BIDANG UJI", "SUBBIDANG UJI"}
    # An instansi admin naming another instansi: 404; their own units only otherwise.
    as_user(client, other_org.admin)
    r = client.get(f"{URL}/unit-kerja", {"instansi": org.instansi.pk})
    assert r.status_code == 404 and r.json()["kode"] == "tidak_ditemukan"
    assert [u["nama"] for u in client.get(f"{URL}/unit-kerja").json()["items"]] == ["DINAS LAIN"]
    # The national admin must choose.
    as_user(client, admin_nasional)
    r = client.get(f"{URL}/unit-kerja")
    assert r.status_code == 400
    assert r.json()["galat"] == [{"field": "instansi", "pesan": "Pilih instansi (parameter instansi)."}]
    assert client.get(f"{URL}/unit-kerja", {"instansi": other_org.instansi.pk}).json()["count"] == 1


def test_unit_list_bad_query_is_422(client, org):
    as_user(client, org.staf.user)
    r = client.get(f"{URL}/unit-kerja", {"page": 0})
    assert r.status_code == 422 and r.json()["galat"][0]["field"] == "page"
    assert client.get(f"{URL}/unit-kerja", {"page": 10**30}).status_code == 422


def test_unit_detail(client, org, other_org):
    as_user(client, org.staf.user)
    r = client.get(f"{URL}/unit-kerja/{org.bidang.pk}")
    assert r.status_code == 200
    body = r.json()
    assert [u["nama"] for u in body["induk"]] == ["PEMERINTAH KAB. UJI", "BADAN UJI"]
    assert [u["nama"] for u in body["sub_unit"]] == ["SUBBIDANG UJI"]
    assert body["pimpinan"]["nip"] == org.kabid.nip
    assert client.get(f"{URL}/unit-kerja/{other_org.unit.pk}").status_code == 404
    assert client.get(f"{URL}/unit-kerja/99999999").status_code == 404


def test_unit_list_queries_constant(client, org):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{URL}/unit-kerja").status_code == 200
        return len(ctx)

    as_user(client, org.admin)
    UnitKerjaFactory(instansi=org.instansi, parent=org.bidang)
    small = count()
    for _ in range(6):
        unit = UnitKerjaFactory(instansi=org.instansi, parent=org.bidang)
        PegawaiFactory(unit_kerja=unit, jenis_pegawai="PIMPINAN")
    assert count() == small


# --- pegawai -------------------------------------------------------------------------------------------------


def test_employee_sees_self_unit_colleagues_and_subordinates(client, org):
    assert nips(as_user(client, org.staf.user).get(f"{URL}/pegawai")) == {
        org.kabid.nip,
        org.staf.nip,
        org.staf2.nip,
    }
    assert nips(as_user(client, org.kaban.user).get(f"{URL}/pegawai")) == {org.kaban.nip, org.kabid.nip}


def test_admin_sees_their_instansi_and_keys_stay_in_theirs(
    client, org, other_org, admin_nasional, key_a, key_b
):
    everyone = {p.nip for p in (org.kaban, org.kabid, org.staf, org.staf2, org.anggota_sub)}
    assert nips(as_user(client, org.admin).get(f"{URL}/pegawai")) == everyone
    client.logout()
    assert nips(client.get(f"{URL}/pegawai", headers=bearer(key_a))) == everyone
    assert nips(client.get(f"{URL}/pegawai", headers=bearer(key_b))) == {other_org.pegawai.nip}
    assert len(nips(as_user(client, admin_nasional).get(f"{URL}/pegawai"))) == 6


def test_pegawai_list_filters(client, org):
    as_user(client, org.admin)
    assert nips(client.get(f"{URL}/pegawai", {"q": "staf"})) == {org.staf.nip, org.staf2.nip}
    assert nips(client.get(f"{URL}/pegawai", {"q": org.kaban.nip[:14]})) >= {org.kaban.nip}
    assert nips(client.get(f"{URL}/pegawai", {"unit_kerja": org.subbidang.pk})) == {org.anggota_sub.nip}
    org.staf2.aktif = False
    org.staf2.save()
    assert org.staf2.nip not in nips(client.get(f"{URL}/pegawai", {"aktif": "true"}))
    r = client.get(f"{URL}/pegawai", {"aktif": "bukan"})
    assert r.status_code == 422
    assert r.json()["galat"] == [{"field": "aktif", "pesan": "Harus true atau false."}]


def test_pegawai_list_queries_constant(client, org):
    def count(user):
        as_user(client, user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{URL}/pegawai").status_code == 200
        return len(ctx)

    small_admin, small_kabid = count(org.admin), count(org.kabid.user)
    for _ in range(8):
        PegawaiFactory(unit_kerja=org.bidang)
    assert count(org.admin) == small_admin
    assert count(org.kabid.user) == small_kabid


def test_pegawai_detail_scoped(client, org, other_org, key_b):
    as_user(client, org.staf.user)
    r = client.get(f"{URL}/pegawai/{org.staf2.nip}")
    assert r.status_code == 200 and r.json()["nama"] == "STAF KEDUA"
    for nip in (org.kaban.nip, org.anggota_sub.nip, other_org.pegawai.nip, "000"):
        r = client.get(f"{URL}/pegawai/{nip}")
        assert r.status_code == 404 and r.json()["pesan"] == "Data tidak ditemukan."
    client.logout()
    assert client.get(f"{URL}/pegawai/{org.staf.nip}", headers=bearer(key_b)).status_code == 404
    assert client.get(f"{URL}/pegawai/{other_org.pegawai.nip}", headers=bearer(key_b)).status_code == 200


# --- atasan / bawahan ----------------------------------------------------------------------------------------


def test_atasan_chain(client, org):
    r = as_user(client, org.staf.user).get(f"{URL}/pegawai/{org.staf.nip}/atasan")
    assert r.status_code == 200
    body = r.json()
    assert body["pejabat_penilai"]["nip"] == org.kabid.nip
    assert body["pejabat_penilai"]["unit_kerja"]["nama"] == "BIDANG UJI"
    assert body["atasan_pejabat_penilai"]["nip"] == org.kaban.nip
    assert body["alasan"] == ""


def test_atasan_explains_why_nobody_assesses(client, org):
    r = as_user(client, org.admin).get(f"{URL}/pegawai/{org.anggota_sub.nip}/atasan")
    body = r.json()
    assert body["pejabat_penilai"] is None and body["atasan_pejabat_penilai"] is None
    assert (
        body["alasan"]
        == "Unit kerja Anda belum memiliki pimpinan yang melakukan klaim pimpinan (SUBBIDANG UJI)."
    )


def test_atasan_of_someone_not_visible_is_404(client, org, other_org):
    assert as_user(client, org.staf.user).get(f"{URL}/pegawai/{org.kaban.nip}/atasan").status_code == 404
    assert as_user(client, other_org.admin).get(f"{URL}/pegawai/{org.staf.nip}/atasan").status_code == 404


def test_bawahan_own_and_of_a_subordinate(client, org):
    as_user(client, org.kabid.user)
    assert nips(client.get(f"{URL}/pegawai/{org.kabid.nip}/bawahan")) == {org.staf.nip, org.staf2.nip}
    as_user(client, org.kaban.user)
    assert nips(client.get(f"{URL}/pegawai/{org.kaban.nip}/bawahan")) == {org.kabid.nip}
    assert nips(client.get(f"{URL}/pegawai/{org.kabid.nip}/bawahan")) == {org.staf.nip, org.staf2.nip}
    assert nips(as_user(client, org.admin).get(f"{URL}/pegawai/{org.kabid.nip}/bawahan")) == {
        org.staf.nip,
        org.staf2.nip,
    }


def test_bawahan_of_a_colleague_or_another_instansi_is_refused(client, org, other_org):
    r = as_user(client, org.staf.user).get(f"{URL}/pegawai/{org.kabid.nip}/bawahan")
    assert r.status_code == 403
    assert r.json()["kode"] == "tidak_berhak" and "bawahan Anda sendiri" in r.json()["pesan"]
    assert as_user(client, other_org.admin).get(f"{URL}/pegawai/{org.kabid.nip}/bawahan").status_code == 404


def test_bawahan_queries_constant(client, org):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{URL}/pegawai/{org.kabid.nip}/bawahan").status_code == 200
        return len(ctx)

    as_user(client, org.kabid.user)
    small = count()
    for _ in range(7):
        PegawaiFactory(unit_kerja=org.bidang)
    assert count() == small
