"""The whole planning-and-assessment flow through the public API alone, as a mobile app would drive it: each person
logs in with NIP and password (POST /sesi/masuk), keeps their own session cookie and sends the CSRF token on every
write. SKP cascade kaban → kabid → staf with approval; Triwulan I filled and assessed; the Final predikat, a
keberatan and the atasan pejabat penilai's decision."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from kinerja.core.models import AuditEvent
from kinerja.org.models import Jabatan
from kinerja.penilaian.services.periode import periode_generate

PASSWORD = "rahasia-uji-123"  # tests/factories.py
WIB = ZoneInfo("Asia/Jakarta")
YEAR = datetime.date.today().year
API = "/api/v1"


def on(time_machine, year, month, day):
    time_machine.move_to(datetime.datetime(year, month, day, 9, 0, tzinfo=WIB), tick=False)


class Sesi:
    """One person's API client: their own cookies, the CSRF token from the login answer."""

    def __init__(self, pegawai):
        self.client = Client(enforce_csrf_checks=True)
        r = self.client.post(
            f"{API}/sesi/masuk", {"nip": pegawai.nip, "password": PASSWORD}, content_type="application/json"
        )
        assert r.status_code == 200, r.content
        self.csrf = r.json()["csrf_token"]

    def get(self, url):
        r = self.client.get(f"{API}{url}")
        assert r.status_code == 200, r.content
        return r.json()

    def kirim(self, method, url, data=None, status=200, csrf=True):
        headers = {"X-CSRFToken": self.csrf} if csrf else {}
        r = self.client.generic(
            method, f"{API}{url}", json.dumps(data or {}), content_type="application/json", headers=headers
        )
        assert r.status_code == status, (url, r.content)
        return r.json() if r.content else None


@pytest.fixture
def o(org):
    org.kaban.jabatan = Jabatan.objects.create(nama="Kepala Badan Uji", jenis="JPT", jenjang="Pratama")
    org.kaban.save()
    org.kabid.jabatan = Jabatan.objects.create(nama="Kepala Bidang Uji", jenis="JA", jenjang="Administrator")
    org.kabid.save()
    return org


def buat_skp(sesi, rhk, indikator, rhk_atasan=True):
    """Tambah Periode SKP for the year, one RHK (with the leader's RHK it intervenes) and one indicator."""
    skp = sesi.kirim("POST", "/skp", {"periode_awal": f"{YEAR}-01-01", "periode_akhir": f"{YEAR}-12-31"}, 201)
    assert skp["status"] == "DRAFT"
    if rhk_atasan:
        pilihan = sesi.get(f"/skp/{skp['id']}/rhk-atasan")
        assert pilihan, "the leader's RHK should be offered"
        rhk = {**rhk, "rhk_atasan_id": pilihan[0]["id"]}
    rhk_out = sesi.kirim("POST", f"/skp/{skp['id']}/rhk", rhk, 201)
    ind = sesi.kirim("POST", f"/skp/rhk/{rhk_out['id']}/indikator", indikator, 201)
    return skp, rhk_out, ind


JA_INDIKATOR = {
    "teks": "Jumlah laporan",
    "aspek": "Kuantitas",
    "target_nilai": "12",
    "target_satuan": "Laporan",
}


def test_whole_flow_through_the_api(o, time_machine):
    # --- Planning (January) -------------------------------------------------------------------------------------
    on(time_machine, YEAR, 1, 15)
    kaban, kabid, staf = Sesi(o.kaban), Sesi(o.kabid), Sesi(o.staf)
    assert staf.get("/sistem/saya")["pegawai_nip"] == o.staf.nip

    # the leader's SKP: JPT, no RHK atasan (the root unit has no leader, so it is not submitted)
    buat_skp(
        kaban,
        {"teks": "Meningkatnya kinerja aparatur", "penugasan_dari": "Bupati"},
        {"teks": "Indeks kinerja aparatur", "target_nilai": "90", "perspektif": "Penerima Layanan"},
        rhk_atasan=False,
    )
    # kabid cascades from kaban's RHK; kaban approves
    skp_kabid, rhk_kabid, _ = buat_skp(kabid, {"teks": "Terlaksananya penilaian kinerja"}, JA_INDIKATOR)
    assert rhk_kabid["rhk_atasan_id"]
    kabid.kirim("POST", f"/skp/{skp_kabid['id']}/ajukan")
    kabid.kirim("POST", f"/skp/{skp_kabid['id']}/setujui", status=403)  # not one's own
    assert kaban.kirim("POST", f"/skp/{skp_kabid['id']}/setujui")["status"] == "PERSETUJUAN"

    # staf cascades from kabid's approved SKP; a write without the CSRF token is refused
    staf.kirim(
        "POST", "/skp", {"periode_awal": f"{YEAR}-01-01", "periode_akhir": f"{YEAR}-12-31"}, 403, csrf=False
    )
    skp, rhk, ind = buat_skp(staf, {"teks": "Tersusunnya laporan penilaian kinerja"}, JA_INDIKATOR)
    assert rhk["rhk_atasan_id"] == rhk_kabid["id"]
    assert staf.kirim("POST", f"/skp/{skp['id']}/ajukan")["status"] == "PENGAJUAN"
    bawahan = kabid.get("/skp/bawahan")["items"]
    assert skp["id"] in [s["id"] for s in bawahan]
    kabid.kirim("POST", f"/skp/{skp['id']}/kembalikan", {"catatan": "Lengkapi satuan target."})
    staf.kirim("POST", f"/skp/{skp['id']}/ajukan")
    assert kabid.kirim("POST", f"/skp/{skp['id']}/setujui")["status"] == "PERSETUJUAN"
    detail = staf.get(f"/skp/{skp['id']}")
    assert detail["status"] == "PERSETUJUAN" and detail["revisi"] == 1

    # the admin defines the year's periods (Manajemen Periode)
    periode_generate(actor=o.admin, instansi=o.instansi, tipe="TRIWULANAN", tahun=YEAR)

    # --- Triwulan I (February) ----------------------------------------------------------------------------------
    on(time_machine, YEAR, 2, 10)
    staf, kabid = Sesi(o.staf), Sesi(o.kabid)
    periode = {p["nama"]: p["id"] for p in staf.get("/penilaian/periode")["items"]}
    tw1 = staf.kirim("POST", "/penilaian", {"skp_id": skp["id"], "periode_id": periode["Triwulan I"]}, 201)
    final = staf.kirim(
        "POST", "/penilaian", {"skp_id": skp["id"], "periode_id": periode[f"Tahun {YEAR}"]}, 201
    )
    assert tw1["penilai"]["nip"] == o.kabid.nip and tw1["terbuka"] is True
    assert [r["id"] for r in staf.get(f"/penilaian?skp={skp['id']}")["items"]] == [tw1["id"], final["id"]]

    p = f"/penilaian/{tw1['id']}"
    staf.kirim("PUT", f"{p}/realisasi/{ind['id']}", {"realisasi": "3 laporan"}, 400)  # rencana aksi first
    staf.kirim("POST", f"{p}/rencana-aksi", {"rhk_id": rhk["id"], "teks": "Menyusun laporan bulanan"}, 201)
    link = "https://drive.contoh.go.id/laporan-tw1"
    staf.kirim(
        "POST", f"{p}/bukti-dukung", {"indikator_id": ind["id"], "nama": "Laporan TW I", "link": link}, 201
    )
    staf.kirim("PUT", f"{p}/realisasi/{ind['id']}", {"realisasi": "3 laporan", "sumber_data": "Arsip bidang"})

    # the assessor: subordinates of the period, feedback, both ratings → predikat, coaching
    rows = kabid.get(f"/penilaian/bawahan?periode={periode['Triwulan I']}")["items"]
    assert [r["id"] for r in rows] == [tw1["id"]]
    lembar = kabid.get(p)
    assert lembar["hasil_kerja"][0]["indikator"][0]["realisasi"]["realisasi"] == "3 laporan"
    assert lembar["hasil_kerja"][0]["indikator"][0]["bukti_dukung"][0]["link"] == link
    kabid.kirim("PUT", f"{p}/feedback-indikator/{ind['id']}", {"jempol": "NAIK", "teks": "Tepat waktu."})
    kabid.kirim("PUT", f"{p}/feedback-perilaku/1", {"teks": "Responsif terhadap permintaan data."})
    assert kabid.kirim("PUT", f"{p}/rating", {"aspek": "HASIL_KERJA", "rating": "SESUAI"})["predikat"] == ""
    dinilai = kabid.kirim("PUT", f"{p}/rating", {"aspek": "PERILAKU", "rating": "DIATAS"})
    assert (dinilai["predikat"], dinilai["predikat_label"]) == ("BAIK", "Baik")
    kabid.kirim("POST", f"{p}/pembinaan", {"teks": "Pertahankan ketepatan waktu."}, 201)
    staf.kirim("PUT", f"{p}/rating", {"aspek": "PERILAKU", "rating": "DIATAS"}, 403)

    hasil = staf.get(p)
    assert (hasil["rating_hasil_kerja"], hasil["rating_perilaku"], hasil["predikat"]) == (
        "SESUAI",
        "DIATAS",
        "BAIK",
    )
    assert hasil["hasil_kerja"][0]["indikator"][0]["feedback"] == {"jempol": "NAIK", "teks": "Tepat waktu."}
    assert hasil["perilaku"][0]["feedback"]["teks"] == "Responsif terhadap permintaan data."
    assert hasil["pembinaan"][0]["teks"] == "Pertahankan ketepatan waktu."

    # --- The Final period (January of the next year) -----------------------------------------------------------
    on(time_machine, YEAR + 1, 1, 8)
    staf, kabid, kaban = Sesi(o.staf), Sesi(o.kabid), Sesi(o.kaban)
    f = f"/penilaian/{final['id']}"
    staf.kirim(
        "PUT", f"{f}/realisasi/{ind['id']}", {"realisasi": "12 laporan"}
    )  # no rencana aksi in the Final
    kabid.kirim("PUT", f"{f}/rating", {"aspek": "HASIL_KERJA", "rating": "DIBAWAH"})
    dinilai = kabid.kirim("PUT", f"{f}/rating", {"aspek": "PERILAKU", "rating": "SESUAI"})
    assert dinilai["predikat"] == "BUTUH_PERBAIKAN"

    on(time_machine, YEAR + 1, 1, 12)
    staf, kaban = Sesi(o.staf), Sesi(o.kaban)
    rows = staf.get(f"/penilaian?skp={skp['id']}")["items"]
    assert rows[-1]["keberatan_bisa"] is True
    keberatan = staf.kirim(
        "POST", "/keberatan", {"penilaian_id": final["id"], "alasan": "Realisasi 12 dari 12 laporan."}, 201
    )
    assert keberatan["atasan"]["nip"] == o.kaban.nip and keberatan["predikat_semula"] == "BUTUH_PERBAIKAN"
    untuk_diputus = kaban.get("/keberatan?lingkup=putus&status=DIAJUKAN")["items"]
    assert [k["id"] for k in untuk_diputus] == [keberatan["id"]]
    assert kaban.get(f)["hasil_kerja"][0]["indikator"][0]["realisasi"]["realisasi"] == ("12 laporan")
    putusan = kaban.kirim(
        "POST",
        f"/keberatan/{keberatan['id']}/putus",
        {
            "catatan_pemeriksaan": "Pegawai dan pejabat penilai sudah didengar.",
            "keputusan": "DIUBAH",
            "rating_hasil_kerja_baru": "SESUAI",
            "rating_perilaku_baru": "SESUAI",
            "alasan": "Target tercapai penuh menurut bukti.",
        },
    )
    assert (putusan["status"], putusan["predikat_baru"]) == ("DIPUTUS", "BAIK")
    akhir = staf.get(f)
    assert (akhir["predikat"], akhir["predikat_label"], akhir["keberatan"]["status"]) == (
        "BAIK",
        "Baik",
        "DIPUTUS",
    )
    assert staf.get(f"/keberatan/{keberatan['id']}")["keputusan"] == "DIUBAH"

    # every step was audited under the person who did it, and the session ends
    assert AuditEvent.objects.filter(action="penilaian.keberatan_putus", actor=o.kaban.user).count() == 1
    assert AuditEvent.objects.filter(action="skp.setujui", actor=o.kabid.user).exists()
    staf.kirim("POST", "/sesi/keluar")
    assert staf.client.get(f"{API}/sistem/saya").status_code == 401
