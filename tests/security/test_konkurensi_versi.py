"""The version token, one step at a time (SQLite and PostgreSQL): a form is read, someone else saves, the form is
sent: "Data telah diubah oleh pengguna lain" at the top of the form, the input kept, nothing written, no audit
event; sending the form shown again overwrites on purpose. The same refusals in the API (409) and in the bulk
approval. The 50-client runs are in test_konkurensi.py and test_konkurensi_api.py (PostgreSQL)."""

import pytest
from django.urls import reverse

from kinerja.core.konkurensi import KONFLIK as PESAN
from kinerja.core.konkurensi import TIDAK_BERLAKU, KonflikError
from kinerja.penilaian.models import Keberatan, Penilaian, Realisasi
from kinerja.penilaian.services import evaluasi, pengisian
from kinerja.penilaian.services import keberatan as keberatan_services
from kinerja.skp.models import Skp
from kinerja.skp.services import workflow

from ..skp.conftest import make_skp
from .konkurensi_data import (
    api,
    dinilai,
    jumlah_audit,
    kalah_di_api,
    kalah_di_form,
    kon,  # noqa: F401  (fixture)
    nilai_org,  # noqa: F401  (fixture)
    skp_diajukan,
    skp_org,  # noqa: F401  (fixture)
    url_keberatan,
    url_rating,
    url_realisasi,
    versi_di,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def o(kon):  # noqa: F811
    return kon


def isi(o, teks, versi=None):
    return pengisian.realisasi_set(
        actor=o.staf.user, penilaian=o.final, indikator=o.ind, realisasi=teks, versi=versi
    )


def test_realisasi_basi_ditolak_isian_tetap_lalu_dikirim_ulang_dengan_sengaja(client, o):
    isi(o, "5 laporan")
    client.force_login(o.staf.user)
    url = url_realisasi(o)
    versi = versi_di(client.get(url))
    isi(o, "6 laporan", versi=versi)  # another tab saves first
    audit = jumlah_audit()
    r = client.post(url, {"versi": versi, "realisasi": "9 laporan dari saya", "sumber_data": "Arsip saya"})
    html = kalah_di_form(r, "9 laporan dari saya", "Arsip saya")
    assert "Realisasi tersimpan saat ini: 6 laporan" in html and "simpan sekali lagi" in html
    assert Realisasi.objects.get(penilaian=o.final).realisasi == "6 laporan" and jumlah_audit() == audit
    again = versi_di(
        r
    )  # the form shown again carries the current token: sending it is a deliberate overwrite
    assert again == versi + 1
    r = client.post(url, {"versi": again, "realisasi": "9 laporan dari saya", "sumber_data": "Arsip saya"})
    assert r.status_code == 302
    row = Realisasi.objects.get(penilaian=o.final)
    assert (row.realisasi, row.versi) == ("9 laporan dari saya", again + 1) and jumlah_audit() == audit + 1


def test_realisasi_pertama_basi_bila_baris_dibuat_orang_lain(o):
    isi(o, "5 laporan", versi=0)
    with pytest.raises(KonflikError) as exc:
        isi(o, "7 laporan", versi=0)
    assert exc.value.message.startswith(PESAN) and exc.value.versi == 1
    assert Realisasi.objects.filter(penilaian=o.final).count() == 1


def test_tanpa_perubahan_tidak_menaikkan_versi_dan_tanpa_audit(o):
    item = isi(o, "5 laporan")
    audit = jumlah_audit()
    assert isi(o, "5 laporan", versi=item.versi).versi == item.versi and jumlah_audit() == audit


def test_versi_rusak_ditolak_dengan_pesan_di_atas_formulir(client, o):
    client.force_login(o.staf.user)
    r = client.post(url_realisasi(o), {"versi": "abc", "realisasi": "9 laporan"})
    assert r.status_code == 200 and TIDAK_BERLAKU in r.content.decode() and "9 laporan" in r.content.decode()
    assert not Realisasi.objects.filter(penilaian=o.final).exists()


def test_rating_basi_ditolak_pilihan_tetap(client, o):
    client.force_login(o.kabid.user)
    versi = versi_di(client.get(url_rating(o, "perilaku")))
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="hasil_kerja", rating="DIATAS")
    audit = jumlah_audit()
    r = client.post(url_rating(o, "perilaku"), {"versi": versi, "rating": "DIBAWAH"})
    html = kalah_di_form(r, 'value="DIBAWAH" checked')
    assert (
        "Tersimpan saat ini: Rating Hasil Kerja Diatas Ekspektasi, Rating Perilaku Kerja belum diisi" in html
    )
    p = Penilaian.objects.get(pk=o.final.pk)
    assert (p.rating_hasil_kerja, p.rating_perilaku, p.versi) == ("DIATAS", "", versi + 1)
    assert jumlah_audit() == audit


def test_keberatan_membuat_form_rating_basi(client, o):
    dinilai(o)
    client.force_login(o.kabid.user)
    versi = versi_di(client.get(url_rating(o)))
    keberatan_services.keberatan_ajukan(actor=o.staf.user, penilaian=o.final, alasan="Tidak sesuai.")
    kalah_di_form(client.post(url_rating(o), {"versi": versi, "rating": "DIATAS"}), 'value="DIATAS" checked')
    assert Penilaian.objects.get(pk=o.final.pk).rating_hasil_kerja == "SESUAI"


def test_keberatan_basi_ditolak_alasan_tetap_dan_keberatan_tampil(client, o):
    dinilai(o)
    client.force_login(o.staf.user)
    versi = versi_di(client.get(url_keberatan(o)))
    keberatan_services.keberatan_ajukan(
        actor=o.staf.user, penilaian=o.final, alasan="Dari tab lain.", versi=versi
    )
    audit = jumlah_audit()
    r = client.post(url_keberatan(o), {"versi": versi, "alasan": "Alasan yang saya ketik panjang."})
    html = kalah_di_form(r, "Alasan yang saya ketik panjang.")
    assert "sudah diajukan" in html and "Dari tab lain." in html  # the keberatan filed meanwhile is shown
    assert Keberatan.objects.get(penilaian=o.final).alasan == "Dari tab lain." and jumlah_audit() == audit


def test_putusan_keberatan_menaikkan_versi(o):
    dinilai(o)
    k = keberatan_services.keberatan_ajukan(actor=o.staf.user, penilaian=o.final, alasan="Tidak sesuai.")
    versi = Penilaian.objects.get(pk=o.final.pk).versi
    keberatan_services.keberatan_putus(
        actor=o.kaban.user,
        keberatan=k,
        catatan_pemeriksaan="Didengar.",
        keputusan="DIKUATKAN",
        alasan="Tetap.",
    )
    assert Penilaian.objects.get(pk=o.final.pk).versi == versi + 1


def test_edit_status_basi_ditolak_catatan_tetap(client, o):
    skp = skp_diajukan(o)
    client.force_login(o.kabid.user)
    detail = client.get(reverse("skp:detail", args=[skp.pk]))
    assert versi_di(detail) == skp.versi == 1  # the Edit Status modal carries the token too
    workflow.skp_kembalikan(actor=o.kabid.user, skp=skp, catatan="Dari tab lain.", versi=1)
    audit = jumlah_audit()
    r = client.post(
        reverse("skp:ubah_status", args=[skp.pk]), {"versi": 1, "status": "DRAFT", "catatan": "Saya"}
    )
    kalah_di_form(r, "Saya", '<option value="DRAFT" selected>')
    skp.refresh_from_db()
    assert (skp.status, skp.keterangan, skp.revisi) == (
        "DRAFT",
        "Dari tab lain.",
        1,
    ) and jumlah_audit() == audit


def test_draft_yang_belum_pernah_diajukan_tetap_404_bagi_penilai(client, o):
    skp = make_skp(o.staf2)
    client.force_login(o.kabid.user)
    url = reverse("skp:ubah_status", args=[skp.pk])
    assert client.post(url, {"versi": 0, "status": "PERSETUJUAN"}).status_code == 404
    assert client.post(url, {"versi": 5, "status": "DRAFT", "catatan": "x"}).status_code == 404


def test_setujui_banyak_menolak_skp_yang_diajukan_ulang_setelah_halaman_dibuka(client, o):
    """The page showed the SKP submitted (token 1); meanwhile it was returned and submitted again with other
    content. Its status is PENGAJUAN again, but the approval the assessor clicked was for the old content."""
    skp = skp_diajukan(o)
    client.force_login(o.kabid.user)
    versi = versi_di(client.get(reverse("skp:bawahan", args=[o.skp_kabid.pk])), f"versi-{skp.pk}")
    workflow.skp_kembalikan(actor=o.kabid.user, skp=skp, catatan="Perbaiki.")
    workflow.skp_ajukan(actor=o.staf2.user, skp=skp)
    url = reverse("skp:bawahan_setujui", args=[o.skp_kabid.pk])
    page = client.post(url, {"skp": [skp.pk], f"versi-{skp.pk}": versi}, follow=True).content.decode()
    assert "1 SKP tidak dapat disetujui" in page and PESAN in page
    assert Skp.objects.get(pk=skp.pk).status == "PENGAJUAN"
    refused = workflow.skp_setujui_banyak(actor=o.kabid.user, skps=[skp], versi={skp.pk: versi})[1]
    assert refused[0][1].startswith(PESAN)


def test_api_versi_basi_409_dan_versi_di_keluaran(client, o):
    skp = skp_diajukan(o)
    client.force_login(o.kabid.user)
    assert api(client, "GET", f"/api/v1/skp/{skp.pk}").json()["versi"] == 1
    kalah_di_api(api(client, "POST", f"/api/v1/skp/{skp.pk}/setujui", {"versi": 0}))
    kalah_di_api(api(client, "POST", f"/api/v1/skp/{skp.pk}/kembalikan", {"catatan": "x", "versi": 7}))
    ok = api(client, "POST", f"/api/v1/skp/{skp.pk}/setujui", {"versi": 1})
    assert ok.status_code == 200 and ok.json()["versi"] == 2
    rating = f"/api/v1/penilaian/{o.final.pk}/rating"
    r = api(client, "PUT", rating, {"aspek": "HASIL_KERJA", "rating": "SESUAI", "versi": 0})
    assert r.status_code == 200 and r.json()["versi"] == 1
    kalah_di_api(api(client, "PUT", rating, {"aspek": "PERILAKU", "rating": "SESUAI", "versi": 0}))
    client.force_login(o.staf.user)
    realisasi = f"/api/v1/penilaian/{o.final.pk}/realisasi/{o.ind.pk}"
    r = api(client, "PUT", realisasi, {"realisasi": "5 laporan", "versi": 0})
    assert r.status_code == 200 and r.json()["versi"] == 1
    body = kalah_di_api(api(client, "PUT", realisasi, {"realisasi": "6 laporan", "versi": 0}))
    assert "5 laporan" in body["pesan"] and Realisasi.objects.get(penilaian=o.final).realisasi == "5 laporan"
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="perilaku", rating="SESUAI")
    body = {"penilaian_id": o.final.pk, "alasan": "Tidak sesuai.", "versi": 0}
    kalah_di_api(api(client, "POST", "/api/v1/keberatan", body))
    assert not Keberatan.objects.exists()
