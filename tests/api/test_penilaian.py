"""API /penilaian: periods, Penilaian SKP, one period's detail, the employee's inputs and the assessor's ratings,
with the same rights as the web pages (owner, assessor, admin; anyone else 404; a reader who may not write 403),
errors as JSON with a code, an Indonesian message and the field, and list endpoints in constant queries."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.api.keys import apikey_create
from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import BuktiDukung, Penilaian, PeriodePenilaian, Realisasi, RencanaAksi
from kinerja.penilaian.services.penilaian import penilaian_tambah

from ..penilaian.conftest import YEAR, approve, nilai_org, skp_org  # noqa: F401  (fixtures)
from ..skp.conftest import add_rhk, make_skp

WIB = ZoneInfo("Asia/Jakarta")
URL = "/api/v1/penilaian"


def on(time_machine, month, day, year=YEAR):
    time_machine.move_to(datetime.datetime(year, month, day, 12, 0, tzinfo=WIB), tick=False)


@pytest.fixture
def o(nilai_org, other_org, time_machine):  # noqa: F811
    """nilai_org on 15 February (inside Triwulan I), with API keys of both instansi."""
    on(time_machine, 2, 15)
    o = nilai_org
    o.other = other_org
    o.ind = o.rhk_staf.indikator.get()
    _, o.key_baca = apikey_create(actor=o.admin, instansi=o.instansi, nama="Sistem TPP", akses="BACA")
    _, o.key_tulis = apikey_create(actor=o.admin, instansi=o.instansi, nama="Sistem SDM", akses="TULIS")
    _, o.key_lain = apikey_create(
        actor=other_org.admin, instansi=other_org.instansi, nama="Sistem Lain", akses="TULIS"
    )
    return o


def req(client, method, url, data=None, *, user=None, key=None):
    """One call as `user` (web session) or with an API key."""
    client.logout()
    if user is not None:
        client.force_login(user)
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = json.dumps(data) if data is not None else ""
    return client.generic(method, url, body, content_type="application/json", headers=headers)


def galat(r, status, kode, field=None, pesan=None):
    """A JSON error with its machine code, an Indonesian message and (when given) the field."""
    assert r.status_code == status, r.content
    body = r.json()
    assert body["kode"] == kode, body
    assert body["pesan"]
    if field:
        assert field in [g["field"] for g in body["galat"]], body
    if pesan:
        assert pesan in body["pesan"], body
    return body


def queries(client, url, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, r.content
    return len(ctx.captured_queries), r.json()


def rencana_aksi(o, client, penilaian=None, teks="Menyusun laporan triwulan"):
    p = penilaian or o.tw1
    r = req(
        client,
        "POST",
        f"{URL}/{p.pk}/rencana-aksi",
        {"rhk_id": o.rhk_staf.pk, "teks": teks},
        user=o.staf.user,
    )
    assert r.status_code == 201, r.content
    return r.json()


# --- Periods ------------------------------------------------------------------------------------------------------


def test_periode_list_is_the_callers_instansi(client, o):
    r = req(client, "GET", f"{URL}/periode", user=o.staf.user)
    assert r.status_code == 200
    names = [p["nama"] for p in r.json()["items"]]
    assert names == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV", f"Tahun {YEAR}"]
    assert r.json()["count"] == 5
    assert req(client, "GET", f"{URL}/periode", key=o.key_baca).json()["count"] == 5
    assert req(client, "GET", f"{URL}/periode", user=o.other.admin).json()["count"] == 0
    assert req(client, "GET", f"{URL}/periode", key=o.key_lain).json()["count"] == 0


def test_periode_list_constant_queries(client, o):
    n1, _ = queries(client, f"{URL}/periode", o.staf.user)
    for i in range(5):
        PeriodePenilaian.objects.create(
            instansi=o.instansi, nama=f"Periode Lain {i}", jenis="PERIODIK", awal="01-01", akhir="01-31",
            batas="02-05", tahun=YEAR - 1,
        )  # fmt: skip
    n2, body = queries(client, f"{URL}/periode", o.staf.user)
    assert body["count"] == 10 and n1 == n2


# --- Penilaian SKP ------------------------------------------------------------------------------------------------


def test_list_rows_of_an_skp(client, o):
    r = req(client, "GET", f"{URL}?skp={o.skp_staf.pk}", user=o.staf.user)
    assert r.status_code == 200
    rows = r.json()["items"]
    assert [row["periode"]["nama"] for row in rows] == ["Triwulan I", f"Tahun {YEAR}"]
    tw1 = rows[0]
    assert tw1["penilai"]["nip"] == o.kabid.nip and tw1["pegawai"]["nip"] == o.staf.nip
    assert tw1["predikat"] == "" and tw1["terbuka"] is True and tw1["keberatan"] is None
    for who in (o.kabid.user, o.admin):
        assert req(client, "GET", f"{URL}?skp={o.skp_staf.pk}", user=who).json()["count"] == 2
    assert req(client, "GET", f"{URL}?skp={o.skp_staf.pk}", key=o.key_baca).json()["count"] == 2


def test_list_refuses_others_with_404(client, o):
    for who in (o.staf2.user, o.other.admin, o.anggota_sub.user):
        galat(req(client, "GET", f"{URL}?skp={o.skp_staf.pk}", user=who), 404, "tidak_ditemukan")
    galat(req(client, "GET", f"{URL}?skp={o.skp_staf.pk}", key=o.key_lain), 404, "tidak_ditemukan")
    galat(req(client, "GET", URL, user=o.staf.user), 422, "validasi", field="skp")


def test_list_constant_queries(client, o):
    url = f"{URL}?skp={o.skp_staf.pk}"
    n1, _ = queries(client, url, o.staf.user)
    for i in (2, 3, 4):
        penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=o.periode[i])
    n2, body = queries(client, url, o.staf.user)
    assert body["count"] == 5 and n1 == n2


def test_tambah_periode(client, o):
    data = {"skp_id": o.skp_staf.pk, "periode_id": o.periode[2].pk}
    r = req(client, "POST", URL, data, user=o.staf.user)
    assert r.status_code == 201, r.content
    assert r.json()["periode"]["nama"] == "Triwulan II" and r.json()["awal"] == f"{YEAR}-04-01"
    assert AuditEvent.objects.filter(action="penilaian.tambah_periode").count() == 3
    body = galat(req(client, "POST", URL, data, user=o.staf.user), 400, "ditolak", field="periode_id")
    assert "sudah ditambahkan" in body["pesan"]
    galat(
        req(client, "POST", URL, {**data, "periode_id": 999999}, user=o.staf.user),
        400, "ditolak", field="periode_id", pesan="tidak ditemukan",
    )  # fmt: skip
    galat(
        req(client, "POST", URL, {"skp_id": o.skp_staf.pk}, user=o.staf.user), 422, "validasi", "periode_id"
    )


def test_tambah_periode_rights(client, o):
    data = {"skp_id": o.skp_staf.pk, "periode_id": o.periode[2].pk}
    galat(req(client, "POST", URL, data, user=o.kabid.user), 403, "tidak_berhak")
    galat(req(client, "POST", URL, data, user=o.staf2.user), 404, "tidak_ditemukan")
    galat(req(client, "POST", URL, data, user=o.other.admin), 404, "tidak_ditemukan")
    galat(req(client, "POST", URL, data, key=o.key_baca), 403, "hanya_baca")
    galat(req(client, "POST", URL, data, key=o.key_tulis), 403, "tidak_berhak")
    assert Penilaian.objects.filter(skp=o.skp_staf).count() == 2


def test_hapus_duplikat(client, o):
    dup = PeriodePenilaian.objects.create(
        instansi=o.instansi, nama="Triwulan I (lama)", jenis="PERIODIK", tipe_periodik="TRIWULANAN",
        angka_periodik=1, awal="01-01", akhir="03-31", batas="04-05", tahun=YEAR,
    )  # fmt: skip
    penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=dup)
    url = f"{URL}/duplikat?skp={o.skp_staf.pk}"
    galat(req(client, "DELETE", url, user=o.kabid.user), 403, "tidak_berhak")
    galat(req(client, "DELETE", url, user=o.staf2.user), 404, "tidak_ditemukan")
    r = req(client, "DELETE", url, user=o.staf.user)
    assert r.status_code == 200
    assert r.json()["dihapus"] == 1 and "berhasil dihapus" in r.json()["pesan"]
    assert Penilaian.objects.filter(skp=o.skp_staf).count() == 2
    assert req(client, "DELETE", url, user=o.staf.user).json()["dihapus"] == 0


# --- Detail -------------------------------------------------------------------------------------------------------


def test_detail_for_owner_assessor_admin(client, o):
    rencana_aksi(o, client)
    for who in (o.staf.user, o.kabid.user, o.admin):
        r = req(client, "GET", f"{URL}/{o.tw1.pk}", user=who)
        assert r.status_code == 200, r.content
    body = r.json()
    assert body["periode"]["nama"] == "Triwulan I" and body["predikat"] == ""
    [rhk] = body["hasil_kerja"]
    assert rhk["id"] == o.rhk_staf.pk and rhk["dapat_diisi"] is True
    assert rhk["rhk_atasan"] == o.rhk_kabid.teks
    assert rhk["rencana_aksi"][0]["teks"] == "Menyusun laporan triwulan"
    assert rhk["indikator"][0]["id"] == o.ind.pk and rhk["indikator"][0]["target_nilai"] == "12.00"
    assert [p["nomor"] for p in body["perilaku"]] == [1, 2, 3, 4, 5, 6, 7]
    assert body["perilaku"][0]["nilai"] == "Berorientasi Pelayanan"
    assert body["capaian_organisasi"] is None and body["capaian_organisasi_label"] == "-"


def test_detail_refuses_others_with_404(client, o):
    for who in (o.staf2.user, o.anggota_sub.user, o.other.admin, o.kaban.user):
        galat(req(client, "GET", f"{URL}/{o.tw1.pk}", user=who), 404, "tidak_ditemukan")
    galat(req(client, "GET", f"{URL}/{o.tw1.pk}", key=o.key_lain), 404, "tidak_ditemukan")
    galat(req(client, "GET", f"{URL}/999999", user=o.staf.user), 404, "tidak_ditemukan")


def test_detail_constant_queries(client, o):
    url = f"{URL}/{o.tw1.pk}"
    rencana_aksi(o, client)
    n1, _ = queries(client, url, o.staf.user)
    from kinerja.skp.models import Skp

    Skp.objects.filter(pk=o.skp_staf.pk).update(status="DRAFT")
    rhk2 = add_rhk(o.skp_staf, "Terlaksananya monitoring", atasan=o.rhk_kabid, indikator=3)
    Skp.objects.filter(pk=o.skp_staf.pk).update(status="PERSETUJUAN")
    for ind in rhk2.indikator.all():
        RencanaAksi.objects.create(penilaian=o.tw1, rhk=rhk2, teks="Aksi")
        BuktiDukung.objects.create(
            penilaian=o.tw1, indikator=ind, nama="Bukti", link="https://contoh.go.id/b"
        )
        Realisasi.objects.create(penilaian=o.tw1, indikator=ind, realisasi="10 laporan")
    n2, body = queries(client, url, o.staf.user)
    assert len(body["hasil_kerja"]) == 2 and n1 == n2


# --- Rencana aksi, bukti dukung, realisasi ------------------------------------------------------------------------


def test_rencana_aksi_add_edit_delete(client, o):
    item = rencana_aksi(o, client)
    assert item["rhk_id"] == o.rhk_staf.pk
    r = req(client, "PATCH", f"{URL}/rencana-aksi/{item['id']}", {"target": "1 laporan"}, user=o.staf.user)
    assert r.status_code == 200 and r.json()["target"] == "1 laporan"
    assert r.json()["teks"] == "Menyusun laporan triwulan"
    galat(
        req(client, "PATCH", f"{URL}/rencana-aksi/{item['id']}", {"teks": " "}, user=o.staf.user),
        400, "ditolak", field="teks", pesan="Rencana aksi wajib diisi.",
    )  # fmt: skip
    assert req(client, "DELETE", f"{URL}/rencana-aksi/{item['id']}", user=o.staf.user).status_code == 204
    assert not RencanaAksi.objects.exists()


def test_rencana_aksi_refusals(client, o):
    url = f"{URL}/{o.tw1.pk}/rencana-aksi"
    data = {"rhk_id": o.rhk_staf.pk, "teks": "Aksi"}
    galat(req(client, "POST", url, {**data, "teks": ""}, user=o.staf.user), 400, "ditolak", field="teks")
    galat(
        req(client, "POST", url, {**data, "rhk_id": o.rhk_kabid.pk}, user=o.staf.user),
        400, "ditolak", field="rhk_id",
    )  # fmt: skip
    galat(
        req(client, "POST", f"{URL}/{o.final.pk}/rencana-aksi", data, user=o.staf.user),
        400, "ditolak", pesan="Periode Final tidak memerlukan rencana aksi",
    )  # fmt: skip
    galat(req(client, "POST", url, data, user=o.kabid.user), 403, "tidak_berhak")
    galat(req(client, "POST", url, data, user=o.admin), 403, "tidak_berhak")
    galat(req(client, "POST", url, data, user=o.staf2.user), 404, "tidak_ditemukan")
    galat(req(client, "POST", url, data, key=o.key_baca), 403, "hanya_baca")
    item = rencana_aksi(o, client)
    galat(req(client, "PATCH", f"{URL}/rencana-aksi/{item['id']}", {"teks": "x"}, user=o.kabid.user), 403,
          "tidak_berhak")  # fmt: skip
    galat(
        req(client, "DELETE", f"{URL}/rencana-aksi/{item['id']}", user=o.other.admin), 404, "tidak_ditemukan"
    )
    assert RencanaAksi.objects.count() == 1


def test_after_the_batas_the_owner_is_refused(client, o, time_machine):
    on(time_machine, 4, 6)
    galat(
        req(client, "POST", f"{URL}/{o.tw1.pk}/rencana-aksi", {"rhk_id": o.rhk_staf.pk, "teks": "A"},
            user=o.staf.user),
        400, "ditolak", pesan="Batas pengisian periode Triwulan I telah lewat",
    )  # fmt: skip


def test_bukti_dukung(client, o):
    url = f"{URL}/{o.tw1.pk}/bukti-dukung"
    data = {"indikator_id": o.ind.pk, "nama": "Laporan TW I", "link": "https://drive.contoh.go.id/laporan"}
    galat(req(client, "POST", url, data, user=o.staf.user), 400, "ditolak", pesan="Tambahkan rencana aksi")
    rencana_aksi(o, client)
    galat(
        req(client, "POST", url, {**data, "link": "javascript:alert(1)"}, user=o.staf.user),
        400, "ditolak", field="link",
    )  # fmt: skip
    galat(
        req(client, "POST", url, {**data, "nama": "x" * 251}, user=o.staf.user), 422, "validasi", field="nama"
    )
    galat(req(client, "POST", url, data, user=o.kabid.user), 403, "tidak_berhak")
    galat(req(client, "POST", url, data, user=o.other.admin), 404, "tidak_ditemukan")
    r = req(client, "POST", url, data, user=o.staf.user)
    assert r.status_code == 201 and r.json()["indikator_id"] == o.ind.pk
    pk = r.json()["id"]
    r = req(client, "PATCH", f"{URL}/bukti-dukung/{pk}", {"nama": "Laporan final"}, user=o.staf.user)
    assert r.status_code == 200 and r.json()["nama"] == "Laporan final"
    assert r.json()["link"] == data["link"]
    galat(req(client, "PATCH", f"{URL}/bukti-dukung/{pk}", {"nama": "x"}, user=o.staf2.user), 404,
          "tidak_ditemukan")  # fmt: skip
    galat(req(client, "DELETE", f"{URL}/bukti-dukung/{pk}", user=o.kabid.user), 403, "tidak_berhak")
    assert req(client, "DELETE", f"{URL}/bukti-dukung/{pk}", user=o.staf.user).status_code == 204
    assert not BuktiDukung.objects.exists()


def test_realisasi(client, o):
    url = f"{URL}/{o.final.pk}/realisasi/{o.ind.pk}"  # the Final period needs no rencana aksi
    r = req(client, "PUT", url, {"realisasi": "12 laporan", "sumber_data": "Arsip"}, user=o.staf.user)
    assert r.status_code == 200 and r.json()["realisasi"] == "12 laporan"
    r = req(client, "PUT", url, {"realisasi": "13 laporan"}, user=o.staf.user)
    assert r.status_code == 200 and Realisasi.objects.get().realisasi == "13 laporan"
    galat(req(client, "PUT", url, {"realisasi": ""}, user=o.staf.user), 400, "ditolak", field="realisasi")
    galat(req(client, "PUT", url, {}, user=o.staf.user), 422, "validasi", field="realisasi")
    galat(req(client, "PUT", url, {"realisasi": "x"}, user=o.kabid.user), 403, "tidak_berhak")
    galat(req(client, "PUT", url, {"realisasi": "x"}, user=o.staf2.user), 404, "tidak_ditemukan")
    other_ind = o.rhk_kabid.indikator.first()
    galat(req(client, "PUT", f"{URL}/{o.final.pk}/realisasi/{other_ind.pk}", {"realisasi": "x"},
              user=o.staf.user), 404, "tidak_ditemukan")  # fmt: skip


# --- The assessor: feedback, ratings → predikat, pembinaan ------------------------------------------------------


def test_feedback_indikator_and_perilaku(client, o):
    url = f"{URL}/{o.tw1.pk}/feedback-indikator/{o.ind.pk}"
    r = req(client, "PUT", url, {"jempol": "NAIK", "teks": "Bagus"}, user=o.kabid.user)
    assert r.status_code == 200 and r.json()["jempol"] == "NAIK"
    galat(req(client, "PUT", url, {}, user=o.kabid.user), 400, "ditolak", field="teks")
    galat(req(client, "PUT", url, {"jempol": "MIRING"}, user=o.kabid.user), 422, "validasi", field="jempol")
    galat(req(client, "PUT", url, {"teks": "x"}, user=o.staf.user), 403, "tidak_berhak")
    galat(req(client, "PUT", url, {"teks": "x"}, user=o.staf2.user), 404, "tidak_ditemukan")
    detail = req(client, "GET", f"{URL}/{o.tw1.pk}", user=o.staf.user).json()
    assert detail["hasil_kerja"][0]["indikator"][0]["feedback"] == {"jempol": "NAIK", "teks": "Bagus"}
    assert req(client, "DELETE", url, user=o.kabid.user).status_code == 204
    galat(req(client, "DELETE", url, user=o.kabid.user), 404, "tidak_ditemukan")

    url = f"{URL}/{o.tw1.pk}/feedback-perilaku/3"
    r = req(client, "PUT", url, {"teks": "Terus belajar"}, user=o.kabid.user)
    assert r.status_code == 200 and r.json()["nilai"] == 3
    galat(req(client, "PUT", f"{URL}/{o.tw1.pk}/feedback-perilaku/8", {"teks": "x"}, user=o.kabid.user),
          404, "tidak_ditemukan")  # fmt: skip
    galat(req(client, "PUT", url, {"teks": "x"}, user=o.staf.user), 403, "tidak_berhak")
    detail = req(client, "GET", f"{URL}/{o.tw1.pk}", user=o.staf.user).json()
    assert detail["perilaku"][2]["feedback"]["teks"] == "Terus belajar"
    galat(req(client, "DELETE", url, user=o.staf.user), 403, "tidak_berhak")
    assert req(client, "DELETE", url, user=o.kabid.user).status_code == 204


@pytest.mark.parametrize(
    "hasil,perilaku,predikat,label",
    [
        ("DIATAS", "DIATAS", "SANGAT_BAIK", "Sangat Baik"),
        ("SESUAI", "DIATAS", "BAIK", "Baik"),
        ("DIATAS", "DIBAWAH", "KURANG", "Kurang/Misconduct"),
        ("DIBAWAH", "SESUAI", "BUTUH_PERBAIKAN", "Butuh Perbaikan"),
        ("DIBAWAH", "DIBAWAH", "SANGAT_KURANG", "Sangat Kurang"),
    ],
)
def test_ratings_give_the_predikat(client, o, hasil, perilaku, predikat, label):
    url = f"{URL}/{o.tw1.pk}/rating"
    r = req(client, "PUT", url, {"aspek": "HASIL_KERJA", "rating": hasil}, user=o.kabid.user)
    assert r.status_code == 200 and r.json()["predikat"] == "" and r.json()["rating_hasil_kerja"] == hasil
    r = req(client, "PUT", url, {"aspek": "PERILAKU", "rating": perilaku}, user=o.kabid.user)
    assert (r.json()["predikat"], r.json()["predikat_label"]) == (predikat, label)
    detail = req(client, "GET", f"{URL}/{o.tw1.pk}", user=o.staf.user).json()
    assert (detail["predikat"], detail["rating_perilaku"]) == (predikat, perilaku)
    assert detail["dinilai_pada"] is not None


def test_rating_refusals(client, o):
    url = f"{URL}/{o.tw1.pk}/rating"
    data = {"aspek": "HASIL_KERJA", "rating": "SESUAI"}
    galat(req(client, "PUT", url, {**data, "rating": "LUAR_BIASA"}, user=o.kabid.user), 422, "validasi",
          field="rating")  # fmt: skip
    galat(
        req(client, "PUT", url, {**data, "aspek": "LAIN"}, user=o.kabid.user), 422, "validasi", field="aspek"
    )
    galat(req(client, "PUT", url, data, user=o.staf.user), 403, "tidak_berhak")
    galat(req(client, "PUT", url, data, user=o.admin), 403, "tidak_berhak")
    galat(req(client, "PUT", url, data, key=o.key_tulis), 403, "tidak_berhak")
    galat(req(client, "PUT", url, data, key=o.key_baca), 403, "hanya_baca")
    galat(req(client, "PUT", url, data, user=o.kaban.user), 404, "tidak_ditemukan")
    galat(req(client, "PUT", url, data, key=o.key_lain), 404, "tidak_ditemukan")
    o.tw1.refresh_from_db()
    assert o.tw1.rating_hasil_kerja == ""


def test_pembinaan_and_muat_ulang(client, o):
    url = f"{URL}/{o.tw1.pk}/pembinaan"
    r = req(client, "POST", url, {"teks": "Perbaiki ketepatan waktu."}, user=o.kabid.user)
    assert r.status_code == 201 and r.json()["oleh"] == o.kabid.nama_lengkap
    galat(req(client, "POST", url, {"teks": "  "}, user=o.kabid.user), 400, "ditolak", field="teks")
    galat(req(client, "POST", url, {"teks": "x"}, user=o.staf.user), 403, "tidak_berhak")
    galat(req(client, "POST", url, {"teks": "x"}, user=o.staf2.user), 404, "tidak_ditemukan")
    detail = req(client, "GET", f"{URL}/{o.tw1.pk}", user=o.staf.user).json()
    assert [c["teks"] for c in detail["pembinaan"]] == ["Perbaiki ketepatan waktu."]
    rows = req(client, "GET", f"{URL}?skp={o.skp_staf.pk}", user=o.staf.user).json()["items"]
    assert rows[0]["jumlah_pembinaan"] == 1

    url = f"{URL}/{o.tw1.pk}/muat-ulang-penilai"
    r = req(client, "POST", url, user=o.staf.user)
    assert r.status_code == 200 and r.json()["penilai"]["nip"] == o.kabid.nip
    galat(req(client, "POST", url, user=o.kabid.user), 403, "tidak_berhak")
    galat(req(client, "POST", url, user=o.other.admin), 404, "tidak_ditemukan")


# --- Pemantauan: the leader's subordinates ----------------------------------------------------------------------


def _staf2_with_period(o):
    skp = make_skp(o.staf2)
    add_rhk(skp, "Tersusunnya rekap", atasan=o.rhk_kabid)
    approve(skp)
    return penilaian_tambah(actor=o.staf2.user, skp=skp, periode=o.periode[1])


def test_bawahan_list(client, o):
    url = f"{URL}/bawahan?periode={o.periode[1].pk}"
    r = req(client, "GET", url, user=o.kabid.user)
    assert r.status_code == 200
    assert [row["id"] for row in r.json()["items"]] == [o.tw1.pk]
    r = req(client, "GET", f"{url}&skp={o.skp_kabid.pk}", user=o.kabid.user)
    assert r.json()["count"] == 1
    assert req(client, "GET", url, user=o.staf.user).json()["count"] == 0
    assert req(client, "GET", url, user=o.other.admin).json()["count"] == 0
    galat(req(client, "GET", f"{url}&skp={o.skp_kabid.pk}", user=o.staf.user), 404, "tidak_ditemukan")
    galat(req(client, "GET", f"{URL}/bawahan", user=o.kabid.user), 422, "validasi", field="periode")


def test_bawahan_list_constant_queries(client, o):
    url = f"{URL}/bawahan?periode={o.periode[1].pk}"
    n1, _ = queries(client, url, o.kabid.user)
    _staf2_with_period(o)
    n2, body = queries(client, url, o.kabid.user)
    assert body["count"] == 2 and n1 == n2
