"""/skp: periods, RHK, indikator, ekspektasi, lampiran, workflow through the API; rights; PMM view-only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.api.keys import apikey_create
from kinerja.core.models import AuditEvent
from kinerja.org.models import Jabatan
from kinerja.skp.models import Rhk, Skp
from kinerja.skp.services.common import PMM_HANYA_LIHAT
from tests.factories import PegawaiFactory
from tests.skp.conftest import AKHIR, AWAL, YEAR, add_rhk, make_skp

URL = "/api/v1/skp"
J = "application/json"


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def skp_org(org):
    """As tests/skp/conftest.py: kaban (JPT) > kabid (JA) > staf (JF), each with an SKP and cascading RHK."""
    org.kaban.jabatan = Jabatan.objects.create(nama="Kepala Badan Uji", jenis="JPT", jenjang="Pratama")
    org.kaban.save()
    org.kabid.jabatan = Jabatan.objects.create(nama="Kepala Bidang Uji", jenis="JA", jenjang="Administrator")
    org.kabid.save()
    org.skp_kaban = make_skp(org.kaban)
    org.rhk_kaban = add_rhk(org.skp_kaban, "Meningkatnya kinerja aparatur")
    org.skp_kabid = make_skp(org.kabid)
    org.rhk_kabid = add_rhk(org.skp_kabid, "Terlaksananya penilaian kinerja", atasan=org.rhk_kaban)
    org.skp_staf = make_skp(org.staf)
    org.rhk_staf = add_rhk(org.skp_staf, "Tersusunnya laporan penilaian kinerja", atasan=org.rhk_kabid)
    return org


@pytest.fixture
def keys(skp_org, other_org):
    org = skp_org
    baca = apikey_create(actor=org.admin, instansi=org.instansi, nama="TPP", akses="BACA")[1]
    tulis = apikey_create(actor=org.admin, instansi=org.instansi, nama="SDM", akses="TULIS")[1]
    lain = apikey_create(actor=other_org.admin, instansi=other_org.instansi, nama="Lain", akses="TULIS")[1]
    return baca, tulis, lain


def login(client, user):
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return {s["id"] for s in response.json()["items"]}


def post(client, url, data=None, **kw):
    return client.post(url, data or {}, content_type=J, **kw)


def patch(client, url, data, **kw):
    return client.patch(url, data, content_type=J, **kw)


def ajukan(skp):
    from kinerja.skp.services import workflow

    return workflow.skp_ajukan(actor=skp.pegawai.user, skp=skp)


# --- lists ---------------------------------------------------------------------------------------------------


def test_daftar_skp_is_mine(client, skp_org):
    org = skp_org
    assert ids(login(client, org.staf.user).get(URL)) == {org.skp_staf.pk}
    r = client.get(URL, {"tahun": YEAR, "status": "DRAFT"})
    assert ids(r) == {org.skp_staf.pk}
    assert r.json()["items"][0]["penilai_nip"] == org.kabid.nip
    assert ids(client.get(URL, {"tahun": YEAR - 1})) == set()
    r = client.get(URL, {"status": "SELESAI"})
    assert r.status_code == 422 and r.json()["galat"][0]["field"] == "status"


def test_subordinates_skp_only_once_submitted(client, skp_org):
    org = skp_org
    login(client, org.kabid.user)
    assert ids(client.get(URL, {"nip": org.staf.nip})) == set()  # still DRAFT
    ajukan(org.skp_staf)
    assert ids(client.get(URL, {"nip": org.staf.nip})) == {org.skp_staf.pk}
    # A colleague is visible as a person but their SKP is not.
    login(client, org.staf2.user)
    assert ids(client.get(URL, {"nip": org.staf.nip})) == set()
    assert client.get(URL, {"nip": org.kaban.nip}).status_code == 404


def test_admin_and_keys_see_their_instansi_only(client, skp_org, other_org, keys):
    org = skp_org
    baca, _, lain = keys
    all_a = {org.skp_kaban.pk, org.skp_kabid.pk, org.skp_staf.pk}
    assert ids(login(client, org.admin).get(URL)) == all_a
    assert ids(client.get(URL, {"nip": org.staf.nip})) == {org.skp_staf.pk}
    client.logout()
    assert ids(client.get(URL, headers=bearer(baca))) == all_a
    assert ids(client.get(URL, headers=bearer(lain))) == set()
    assert ids(login(client, other_org.admin).get(URL, {"nip": org.staf.nip})) == set()


def test_skp_bawahan(client, skp_org):
    org = skp_org
    login(client, org.kabid.user)
    assert ids(client.get(f"{URL}/bawahan")) == {org.skp_staf.pk}
    assert ids(client.get(f"{URL}/bawahan", {"skp": org.skp_kabid.pk})) == {org.skp_staf.pk}
    r = client.get(f"{URL}/bawahan", {"skp": org.skp_staf.pk})  # not my SKP
    assert r.status_code == 404 and r.json()["kode"] == "tidak_ditemukan"
    assert ids(login(client, org.staf.user).get(f"{URL}/bawahan")) == set()


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx)


def _more_skps(org, n):
    for _ in range(n):
        p = PegawaiFactory(unit_kerja=org.bidang)
        make_skp(p)


def test_lists_run_constant_queries(client, skp_org):
    org = skp_org
    _more_skps(org, 1)
    login(client, org.admin)
    admin_small = _count(client, URL)
    login(client, org.kabid.user)
    bawahan_small = _count(client, f"{URL}/bawahan")
    leader_small = _count(client, f"{URL}/bawahan", {"skp": org.skp_kabid.pk})
    _more_skps(org, 6)
    login(client, org.admin)
    assert _count(client, URL) == admin_small
    login(client, org.kabid.user)
    assert _count(client, f"{URL}/bawahan") == bawahan_small
    assert _count(client, f"{URL}/bawahan", {"skp": org.skp_kabid.pk}) == leader_small


# --- detail --------------------------------------------------------------------------------------------------


def test_detail_has_parties_rhk_perilaku_lampiran(client, skp_org):
    org = skp_org
    r = login(client, org.staf.user).get(f"{URL}/{org.skp_staf.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["pegawai"]["nip"] == org.staf.nip and body["penilai"]["nip"] == org.kabid.nip
    assert body["status"] == "DRAFT" and body["sumber"] == "EKINERJA"
    [rhk] = body["rhk_utama"]
    assert (
        rhk["rhk_atasan_id"] == org.rhk_kabid.pk
        and rhk["rhk_atasan_teks"] == "Terlaksananya penilaian kinerja"
    )
    assert rhk["indikator"][0]["target_satuan"] == "Laporan"
    assert float(rhk["indikator"][0]["target_nilai"]) == 12
    assert len(body["perilaku"]) == 7 and body["perilaku"][0]["nilai"] == "Berorientasi Pelayanan"
    assert body["lampiran"] == [] and body["rhk_tambahan"] == []


def test_detail_rights(client, skp_org, other_org, keys):
    org = skp_org
    pk = org.skp_staf.pk
    assert (
        login(client, org.kabid.user).get(f"{URL}/{pk}").status_code == 404
    )  # DRAFT: not yet for the penilai
    assert login(client, org.staf2.user).get(f"{URL}/{pk}").status_code == 404
    assert login(client, other_org.admin).get(f"{URL}/{pk}").status_code == 404
    assert login(client, org.admin).get(f"{URL}/{pk}").status_code == 200
    client.logout()
    assert client.get(f"{URL}/{pk}", headers=bearer(keys[2])).status_code == 404
    assert client.get(f"{URL}/{pk}", headers=bearer(keys[0])).status_code == 200
    ajukan(org.skp_staf)
    assert login(client, org.kabid.user).get(f"{URL}/{pk}").status_code == 200


def test_rhk_atasan_choices(client, skp_org):
    org = skp_org
    r = login(client, org.staf.user).get(f"{URL}/{org.skp_staf.pk}/rhk-atasan")
    assert r.status_code == 200
    assert [(c["id"], c["pegawai_nama"]) for c in r.json()] == [(org.rhk_kabid.pk, "KEPALA BIDANG")]
    assert login(client, org.staf2.user).get(f"{URL}/{org.skp_staf.pk}/rhk-atasan").status_code == 404


# --- SKP periods ---------------------------------------------------------------------------------------------


def test_tambah_periode_skp(client, skp_org):
    org = skp_org
    login(client, org.staf2.user)
    r = post(
        client, URL, {"periode_awal": str(AWAL), "periode_akhir": str(AKHIR), "pendekatan": "KUANTITATIF"}
    )
    assert r.status_code == 201, r.content
    skp = Skp.objects.get(pk=r.json()["id"])
    assert skp.pegawai == org.staf2 and skp.penilai == org.kabid
    assert AuditEvent.objects.filter(action="skp.create", object_id=str(skp.pk)).exists()
    r = post(client, URL, {"periode_awal": str(AWAL), "periode_akhir": str(AKHIR)})
    assert r.status_code == 400
    body = r.json()
    assert body["kode"] == "ditolak" and body["galat"][0]["field"] == "periode_awal"
    assert "beririsan" in body["pesan"]


def test_tambah_periode_bad_input(client, skp_org):
    login(client, skp_org.staf2.user)
    r = post(client, URL, {"periode_awal": "2025-13-01", "periode_akhir": str(AKHIR), "pendekatan": "X"})
    assert r.status_code == 422
    galat = {g["field"]: g["pesan"] for g in r.json()["galat"]}
    assert galat == {
        "periode_awal": "Tanggal tidak valid (format YYYY-MM-DD).",
        "pendekatan": "Pilihan tidak valid.",
    }
    r = post(client, URL, {"periode_awal": str(AWAL), "periode_akhir": str(AKHIR), "penugasan_plt_id": 999})
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "penugasan_plt_id"
    assert Skp.objects.filter(pegawai=skp_org.staf2).count() == 0


def test_tambah_periode_needs_an_employee(client, skp_org, keys):
    r = post(login(client, skp_org.admin), URL, {"periode_awal": str(AWAL), "periode_akhir": str(AKHIR)})
    assert r.status_code == 403 and r.json()["kode"] == "tidak_berhak"
    client.logout()
    data = {"periode_awal": str(AWAL), "periode_akhir": str(AKHIR)}
    r = post(client, URL, data, headers=bearer(keys[0]))
    assert r.status_code == 403 and r.json()["kode"] == "hanya_baca"
    assert post(client, URL, data, headers=bearer(keys[1])).status_code == 403


def test_edit_and_delete_periode(client, skp_org):
    org = skp_org
    skp = make_skp(org.staf2)
    url = f"{URL}/{skp.pk}"
    new_end = str(datetime.date(YEAR, 6, 30))
    assert (
        patch(
            login(client, org.kabid.user), url, {"periode_awal": str(AWAL), "periode_akhir": new_end}
        ).status_code
        == 403
    )
    assert (
        patch(
            login(client, org.staf.user), url, {"periode_awal": str(AWAL), "periode_akhir": new_end}
        ).status_code
        == 404
    )
    login(client, org.staf2.user)
    r = patch(client, url, {"periode_awal": str(AWAL), "periode_akhir": new_end})
    assert r.status_code == 200 and r.json()["periode_akhir"] == new_end
    r = patch(client, url, {"periode_awal": str(AKHIR), "periode_akhir": str(AWAL)})
    assert r.status_code == 400 and r.json()["galat"][0]["field"]
    assert login(client, org.staf.user).delete(url).status_code == 404
    assert login(client, org.staf2.user).delete(url).status_code == 204
    assert not Skp.objects.filter(pk=skp.pk).exists()
    assert client.delete(url).status_code == 404


# --- RHK and indikator ---------------------------------------------------------------------------------------


def test_rhk_crud(client, skp_org):
    org = skp_org
    login(client, org.staf.user)
    url = f"{URL}/{org.skp_staf.pk}/rhk"
    r = post(
        client,
        url,
        {"teks": "Tersusunnya rekap kinerja", "jenis": "TAMBAHAN", "rhk_atasan_id": org.rhk_kabid.pk},
    )
    assert r.status_code == 201, r.content
    rhk_id = r.json()["id"]
    assert r.json()["rhk_atasan_teks"] == "Terlaksananya penilaian kinerja" and r.json()["indikator"] == []
    r = patch(client, f"{URL}/rhk/{rhk_id}", {"teks": "Tersusunnya rekap kinerja bulanan"})
    assert r.status_code == 200
    assert r.json()["teks"] == "Tersusunnya rekap kinerja bulanan" and r.json()["jenis"] == "TAMBAHAN"
    assert r.json()["rhk_atasan_id"] == org.rhk_kabid.pk
    assert client.delete(f"{URL}/rhk/{rhk_id}").status_code == 204
    assert not Rhk.objects.filter(pk=rhk_id).exists()


def test_rhk_refusals(client, skp_org):
    org = skp_org
    login(client, org.staf.user)
    url = f"{URL}/{org.skp_staf.pk}/rhk"
    r = post(client, url, {"teks": "Tanpa atasan"})
    assert r.status_code == 400
    assert r.json()["galat"] == [{"field": "rhk_atasan_id", "pesan": "Pilih RHK atasan yang diintervensi."}]
    r = post(client, url, {"teks": "x", "rhk_atasan_id": org.rhk_kaban.pk})  # not my assessor's RHK
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "rhk_atasan_id"
    r = post(client, url, {"teks": "x", "rhk_atasan_id": 10**9})
    assert r.json()["pesan"] == "RHK atasan tidak ditemukan."
    r = post(client, url, {"teks": "", "rhk_atasan_id": org.rhk_kabid.pk})
    assert r.json()["galat"] == [{"field": "teks", "pesan": "Rencana Hasil Kerja wajib diisi."}]
    r = post(client, url, {"teks": "a\x00b", "rhk_atasan_id": org.rhk_kabid.pk})
    assert r.status_code == 422 and r.json()["galat"][0]["field"] == "teks"
    assert Rhk.objects.filter(skp=org.skp_staf).count() == 1
    # Someone else's RHK.
    login(client, org.staf2.user)
    assert patch(client, f"{URL}/rhk/{org.rhk_staf.pk}", {"teks": "x"}).status_code == 404
    assert client.delete(f"{URL}/rhk/{org.rhk_staf.pk}").status_code == 404
    assert post(client, url, {"teks": "x", "rhk_atasan_id": org.rhk_kabid.pk}).status_code == 404


def test_indikator_crud_and_refusals(client, skp_org):
    org = skp_org
    login(client, org.staf.user)
    url = f"{URL}/rhk/{org.rhk_staf.pk}/indikator"
    r = post(
        client,
        url,
        {"teks": "Jumlah rekap", "aspek": "Kuantitas", "target_nilai": "4", "target_satuan": "Dokumen"},
    )
    assert r.status_code == 201, r.content
    ind = r.json()["id"]
    r = post(client, url, {"teks": "Jumlah rekap", "aspek": "Kuantitas", "target_nilai": "4"})
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "target_satuan"
    r = post(client, url, {"teks": "Jumlah", "aspek": "Rasa", "target_nilai": "4", "target_satuan": "x"})
    assert r.status_code == 422 and r.json()["galat"][0]["field"] == "aspek"
    r = patch(client, f"{URL}/indikator/{ind}", {"target_nilai": 6})
    assert (
        r.status_code == 200
        and float(r.json()["target_nilai"]) == 6
        and r.json()["target_satuan"] == "Dokumen"
    )
    r = patch(client, f"{URL}/indikator/{ind}", {"target_nilai": None})
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "target_nilai"
    login(client, org.staf2.user)
    assert patch(client, f"{URL}/indikator/{ind}", {"teks": "x"}).status_code == 404
    assert client.delete(f"{URL}/indikator/{ind}").status_code == 404
    assert login(client, org.staf.user).delete(f"{URL}/indikator/{ind}").status_code == 204


# --- ekspektasi and lampiran ---------------------------------------------------------------------------------


def test_ekspektasi_by_the_penilai(client, skp_org):
    org = skp_org
    url = f"{URL}/{org.skp_staf.pk}/ekspektasi/2"
    login(client, org.kabid.user)
    r = client.put(url, {"teks": "Menyelesaikan laporan tepat waktu"}, content_type=J)
    assert r.status_code == 200 and r.json() == {"nilai": 2, "teks": "Menyelesaikan laporan tepat waktu"}
    r = client.put(f"{URL}/{org.skp_staf.pk}/ekspektasi/9", {"teks": "x"}, content_type=J)
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "nilai"
    r = client.put(url, {"teks": ""}, content_type=J)
    assert r.json() == {"nilai": 2, "teks": ""}
    r = login(client, org.staf.user).put(url, {"teks": "x"}, content_type=J)
    assert r.status_code == 403 and "pejabat penilai" in r.json()["pesan"]
    assert login(client, org.staf2.user).put(url, {"teks": "x"}, content_type=J).status_code == 404


def test_lampiran(client, skp_org):
    org = skp_org
    url = f"{URL}/{org.skp_staf.pk}/lampiran"
    login(client, org.staf.user)
    r = post(client, url, {"jenis": "KONSEKUENSI", "teks": "Teguran tertulis"})
    assert r.status_code == 201 and r.json()["urutan"] == 1
    item = r.json()["id"]
    assert client.get(f"{URL}/{org.skp_staf.pk}").json()["lampiran"][0]["teks"] == "Teguran tertulis"
    r = post(client, url, {"jenis": "LAIN", "teks": "x"})
    assert r.status_code == 422 and r.json()["galat"][0]["field"] == "jenis"
    r = post(client, url, {"jenis": "KONSEKUENSI", "teks": "  "})
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "teks"
    assert login(client, org.kabid.user).delete(f"{URL}/lampiran/{item}").status_code == 403
    assert login(client, org.staf2.user).delete(f"{URL}/lampiran/{item}").status_code == 404
    assert login(client, org.staf.user).delete(f"{URL}/lampiran/{item}").status_code == 204


# --- workflow ------------------------------------------------------------------------------------------------


def test_workflow_through_the_api(client, skp_org):
    org = skp_org
    pk = org.skp_staf.pk
    login(client, org.staf.user)
    r = post(client, f"{URL}/{pk}/ajukan")
    assert r.status_code == 200 and r.json()["status"] == "PENGAJUAN"
    r = patch(client, f"{URL}/rhk/{org.rhk_staf.pk}", {"teks": "x"})
    assert r.status_code == 400 and "DRAFT" in r.json()["pesan"]
    assert post(client, f"{URL}/{pk}/setujui").status_code == 403  # not the penilai
    login(client, org.kabid.user)
    r = post(client, f"{URL}/{pk}/kembalikan", {"catatan": "  "})
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "catatan"
    r = post(client, f"{URL}/{pk}/kembalikan", {"catatan": "Perbaiki target"})
    assert r.status_code == 200 and r.json()["status"] == "DRAFT" and r.json()["revisi"] == 1
    assert r.json()["keterangan"] == "Perbaiki target"
    assert post(login(client, org.staf.user), f"{URL}/{pk}/ajukan").status_code == 200
    r = post(login(client, org.kabid.user), f"{URL}/{pk}/setujui")
    assert r.status_code == 200 and r.json()["status"] == "PERSETUJUAN"
    r = post(client, f"{URL}/{pk}/setujui")  # approved already (by someone else, as far as this caller knows)
    assert r.status_code == 409 and r.json()["kode"] == "konflik" and "sudah PERSETUJUAN" in r.json()["pesan"]


def test_incomplete_skp_cannot_be_submitted(client, skp_org):
    skp = make_skp(skp_org.staf2)
    r = post(login(client, skp_org.staf2.user), f"{URL}/{skp.pk}/ajukan")
    assert r.status_code == 400 and "belum memiliki Rencana Hasil Kerja utama" in r.json()["pesan"]


def test_workflow_rights(client, skp_org, other_org, keys):
    org = skp_org
    pk = org.skp_staf.pk
    assert post(login(client, org.staf2.user), f"{URL}/{pk}/ajukan").status_code == 404
    assert post(login(client, other_org.admin), f"{URL}/{pk}/ajukan").status_code == 404
    assert post(login(client, org.admin), f"{URL}/{pk}/ajukan").status_code == 403
    client.logout()
    r = post(client, f"{URL}/{pk}/ajukan", headers=bearer(keys[0]))
    assert r.status_code == 403 and r.json()["kode"] == "hanya_baca"
    assert post(client, f"{URL}/{pk}/ajukan", headers=bearer(keys[2])).status_code == 404
    assert Skp.objects.get(pk=pk).status == "DRAFT"


def test_session_write_without_csrf_is_refused(skp_org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(skp_org.staf.user)
    assert post(client, f"{URL}/{skp_org.skp_staf.pk}/ajukan").status_code == 403
    assert Skp.objects.get(pk=skp_org.skp_staf.pk).status == "DRAFT"


# --- PMM -----------------------------------------------------------------------------------------------------


def test_pmm_skp_is_view_only(client, skp_org):
    org = skp_org
    Skp.objects.filter(pk=org.skp_staf.pk).update(sumber="PMM", pmm_id="PMM-1")
    pk = org.skp_staf.pk
    login(client, org.staf.user)
    assert client.get(f"{URL}/{pk}").json()["sumber"] == "PMM"
    attempts = [
        post(client, f"{URL}/{pk}/rhk", {"teks": "x", "rhk_atasan_id": org.rhk_kabid.pk}),
        patch(client, f"{URL}/rhk/{org.rhk_staf.pk}", {"teks": "x"}),
        client.delete(f"{URL}/rhk/{org.rhk_staf.pk}"),
        post(client, f"{URL}/rhk/{org.rhk_staf.pk}/indikator", {"teks": "x", "aspek": "Kuantitas"}),
        patch(client, f"{URL}/{pk}", {"periode_awal": str(AWAL), "periode_akhir": str(AKHIR)}),
        post(client, f"{URL}/{pk}/lampiran", {"jenis": "KONSEKUENSI", "teks": "x"}),
        post(client, f"{URL}/{pk}/ajukan"),
        client.delete(f"{URL}/{pk}"),
    ]
    for r in attempts:
        assert r.status_code == 400, r.content
        assert r.json()["kode"] == "ditolak" and r.json()["pesan"] == PMM_HANYA_LIHAT
    assert Rhk.objects.filter(skp_id=pk).count() == 1 and Skp.objects.filter(pk=pk).exists()


def test_pmm_skp_is_still_reviewed_by_the_penilai(client, skp_org):
    org = skp_org
    Skp.objects.filter(pk=org.skp_staf.pk).update(sumber="PMM", status="PENGAJUAN")
    r = post(login(client, org.kabid.user), f"{URL}/{org.skp_staf.pk}/setujui")
    assert r.status_code == 200 and r.json()["status"] == "PERSETUJUAN"
