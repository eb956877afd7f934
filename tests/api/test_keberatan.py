"""API /keberatan (RULES.md §7): the employee files against a rated Final predikat within the window, once; the
atasan pejabat penilai decides (upheld or changed: new ratings → new predikat), finally. Rights as on the pages."""

import pytest

from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import Keberatan
from kinerja.penilaian.services import evaluasi
from kinerja.penilaian.services.penilaian import penilaian_tambah

from ..penilaian.conftest import approve, nilai_org, skp_org  # noqa: F401  (fixtures)
from ..skp.conftest import add_rhk, make_skp
from .test_penilaian import galat, on, queries, req
from .test_penilaian import o as o_penilaian  # noqa: F401  (fixture)

URL = "/api/v1/keberatan"
PUTUS = {
    "catatan_pemeriksaan": "Pegawai dan pejabat penilai sudah didengar.",
    "keputusan": "DIKUATKAN",
    "alasan": "Bukti dukung tidak menunjukkan hasil di atas ekspektasi.",
}


def nilai(p, penilai, hasil="SESUAI", perilaku="SESUAI"):
    evaluasi.rating_ubah(actor=penilai, penilaian=p, aspek="hasil_kerja", rating=hasil)
    return evaluasi.rating_ubah(actor=penilai, penilaian=p, aspek="perilaku", rating=perilaku)


@pytest.fixture
def o(o_penilaian, time_machine):  # noqa: F811
    """staf's Final period rated Baik by kabid on 10 January of the next year; today is 12 January."""
    on(time_machine, 1, 10, year=o_penilaian.final.tahun + 1)
    nilai(o_penilaian.final, o_penilaian.kabid.user)
    on(time_machine, 1, 12, year=o_penilaian.final.tahun + 1)
    return o_penilaian


def ajukan(client, o, alasan="Realisasi saya melebihi target."):
    r = req(client, "POST", URL, {"penilaian_id": o.final.pk, "alasan": alasan}, user=o.staf.user)
    assert r.status_code == 201, r.content
    return r.json()


def test_ajukan(client, o):
    k = ajukan(client, o)
    assert (k["status"], k["predikat_semula"], k["predikat_semula_label"]) == ("DIAJUKAN", "BAIK", "Baik")
    assert k["atasan"]["nip"] == o.kaban.nip and k["pegawai"]["nip"] == o.staf.nip
    assert k["periode"] == o.final.periode.nama and k["penilaian_id"] == o.final.pk
    assert AuditEvent.objects.filter(action="penilaian.keberatan_ajukan").count() == 1
    rows = req(client, "GET", f"/api/v1/penilaian?skp={o.skp_staf.pk}", user=o.staf.user).json()["items"]
    assert rows[-1]["keberatan"] == {"id": k["id"], "status": "DIAJUKAN", "keputusan": ""}
    assert rows[-1]["keberatan_bisa"] is False


def test_ajukan_refusals(client, o, time_machine):
    data = {"penilaian_id": o.final.pk, "alasan": "Tidak sesuai."}
    galat(req(client, "POST", URL, {**data, "alasan": " "}, user=o.staf.user), 400, "ditolak", field="alasan")
    galat(req(client, "POST", URL, {"penilaian_id": o.final.pk}, user=o.staf.user), 422, "validasi", "alasan")
    galat(
        req(client, "POST", URL, {**data, "penilaian_id": o.tw1.pk}, user=o.staf.user),
        400, "ditolak", pesan="hanya dapat diajukan atas predikat periode Final",
    )  # fmt: skip
    galat(req(client, "POST", URL, data, user=o.kabid.user), 403, "tidak_berhak")
    galat(req(client, "POST", URL, data, user=o.admin), 403, "tidak_berhak")
    galat(req(client, "POST", URL, data, user=o.staf2.user), 404, "tidak_ditemukan")
    galat(req(client, "POST", URL, data, key=o.key_lain), 404, "tidak_ditemukan")
    galat(req(client, "POST", URL, data, key=o.key_baca), 403, "hanya_baca")
    on(time_machine, 1, 25, year=o.final.tahun + 1)  # 10 January + 14 days + 1
    galat(req(client, "POST", URL, data, user=o.staf.user), 400, "ditolak", pesan="Batas waktu pengajuan")
    on(time_machine, 1, 24, year=o.final.tahun + 1)
    ajukan(client, o)
    galat(req(client, "POST", URL, data, user=o.staf.user), 409, "konflik", pesan="sudah diajukan")
    assert Keberatan.objects.count() == 1


def test_rating_is_locked_once_filed(client, o):
    ajukan(client, o)
    galat(
        req(client, "PUT", f"/api/v1/penilaian/{o.final.pk}/rating", {"aspek": "PERILAKU", "rating": "DIATAS"},
            user=o.kabid.user),
        400, "ditolak", pesan="keberatan diputus oleh atasan pejabat penilai",
    )  # fmt: skip


def test_detail_rights(client, o):
    k = ajukan(client, o)
    for who in (o.staf.user, o.kabid.user, o.kaban.user, o.admin):
        r = req(client, "GET", f"{URL}/{k['id']}", user=who)
        assert r.status_code == 200 and r.json()["alasan"] == "Realisasi saya melebihi target."
    assert req(client, "GET", f"{URL}/{k['id']}", key=o.key_baca).status_code == 200
    for who in (o.staf2.user, o.anggota_sub.user, o.other.admin):
        galat(req(client, "GET", f"{URL}/{k['id']}", user=who), 404, "tidak_ditemukan")
    galat(req(client, "GET", f"{URL}/{k['id']}", key=o.key_lain), 404, "tidak_ditemukan")
    # the atasan deciding it may read the period too
    assert req(client, "GET", f"/api/v1/penilaian/{o.final.pk}", user=o.kaban.user).status_code == 200


def test_list_scopes(client, o):
    k = ajukan(client, o)
    mine = req(client, "GET", f"{URL}?lingkup=saya", user=o.staf.user).json()
    assert [row["id"] for row in mine["items"]] == [k["id"]]
    assert req(client, "GET", f"{URL}?lingkup=putus", user=o.staf.user).json()["count"] == 0
    assert req(client, "GET", f"{URL}?lingkup=putus", user=o.kaban.user).json()["count"] == 1
    assert req(client, "GET", f"{URL}?status=DIPUTUS", user=o.kaban.user).json()["count"] == 0
    assert req(client, "GET", URL, user=o.admin).json()["count"] == 1
    assert req(client, "GET", f"{URL}?lingkup=instansi", key=o.key_baca).json()["count"] == 1
    for who in (o.kabid.user, o.staf2.user, o.other.admin):
        assert req(client, "GET", URL, user=who).json()["count"] == 0
    assert req(client, "GET", URL, key=o.key_lain).json()["count"] == 0
    assert req(client, "GET", f"{URL}?lingkup=instansi", user=o.staf.user).json()["count"] == 0
    galat(req(client, "GET", f"{URL}?status=LAIN", user=o.admin), 422, "validasi", field="status")


def test_list_constant_queries(client, o):
    ajukan(client, o)
    n1, _ = queries(client, URL, o.admin)
    skp = make_skp(o.staf2)
    add_rhk(skp, "Tersusunnya rekap", atasan=o.rhk_kabid)
    approve(skp)
    final2 = penilaian_tambah(actor=o.staf2.user, skp=skp, periode=o.periode["final"])
    nilai(final2, o.kabid.user, "DIBAWAH", "SESUAI")
    r = req(client, "POST", URL, {"penilaian_id": final2.pk, "alasan": "Keberatan kedua."}, user=o.staf2.user)
    assert r.status_code == 201
    n2, body = queries(client, URL, o.admin)
    assert body["count"] == 2 and n1 == n2


def test_putus_diubah_changes_the_predikat(client, o):
    k = ajukan(client, o)
    data = {
        **PUTUS,
        "keputusan": "DIUBAH",
        "rating_hasil_kerja_baru": "DIATAS",
        "rating_perilaku_baru": "DIATAS",
    }
    r = req(client, "POST", f"{URL}/{k['id']}/putus", data, user=o.kaban.user)
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["status"], body["keputusan"], body["predikat_baru"]) == ("DIPUTUS", "DIUBAH", "SANGAT_BAIK")
    assert body["predikat_baru_label"] == "Sangat Baik" and body["diputus_pada"]
    detail = req(client, "GET", f"/api/v1/penilaian/{o.final.pk}", user=o.staf.user).json()
    assert (detail["predikat"], detail["keberatan"]["status"]) == ("SANGAT_BAIK", "DIPUTUS")
    galat(req(client, "POST", f"{URL}/{k['id']}/putus", PUTUS, user=o.kaban.user), 400, "ditolak",
          pesan="sudah diputus")  # fmt: skip


def test_putus_dikuatkan_keeps_the_predikat(client, o):
    k = ajukan(client, o)
    r = req(client, "POST", f"{URL}/{k['id']}/putus", PUTUS, user=o.kaban.user)
    assert r.status_code == 200 and r.json()["predikat_baru"] == "BAIK"
    o.final.refresh_from_db()
    assert o.final.predikat == "BAIK"


def test_putus_refusals(client, o):
    k = ajukan(client, o)
    url = f"{URL}/{k['id']}/putus"
    galat(req(client, "POST", url, {**PUTUS, "catatan_pemeriksaan": ""}, user=o.kaban.user), 400, "ditolak",
          field="catatan_pemeriksaan")  # fmt: skip
    galat(
        req(client, "POST", url, {**PUTUS, "alasan": ""}, user=o.kaban.user), 400, "ditolak", field="alasan"
    )
    galat(req(client, "POST", url, {**PUTUS, "keputusan": "DIUBAH"}, user=o.kaban.user), 400, "ditolak",
          field="rating_hasil_kerja_baru")  # fmt: skip
    same = {
        **PUTUS,
        "keputusan": "DIUBAH",
        "rating_hasil_kerja_baru": "SESUAI",
        "rating_perilaku_baru": "SESUAI",
    }
    galat(req(client, "POST", url, same, user=o.kaban.user), 400, "ditolak", field="rating_hasil_kerja_baru",
          pesan="sama dengan rating semula")  # fmt: skip
    galat(req(client, "POST", url, {**PUTUS, "keputusan": "BATAL"}, user=o.kaban.user), 422, "validasi",
          field="keputusan")  # fmt: skip
    for who in (o.staf.user, o.kabid.user, o.admin):
        galat(req(client, "POST", url, PUTUS, user=who), 403, "tidak_berhak")
    galat(req(client, "POST", url, PUTUS, key=o.key_tulis), 403, "tidak_berhak")
    galat(req(client, "POST", url, PUTUS, key=o.key_baca), 403, "hanya_baca")
    galat(req(client, "POST", url, PUTUS, user=o.staf2.user), 404, "tidak_ditemukan")
    galat(req(client, "POST", url, PUTUS, user=o.other.admin), 404, "tidak_ditemukan")
    assert Keberatan.objects.get().status == "DIAJUKAN"
