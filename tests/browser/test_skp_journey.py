"""Journey: a JA employee creates an SKP, adds an RHK intervening the leader's RHK and submits it;
the leader approves it and the Matriks Peran Hasil shows the link."""

import pytest

from kinerja.skp.models import Rhk, Skp

from ..skp.conftest import YEAR
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ja_plans_submits_leader_approves_matriks_shows_link(page, skp_org, shot):
    org = skp_org  # kaban (JPT) > kabid (JA) with an approved-ready SKP and RHK
    skp_kabid, rhk_kabid = org.skp_kabid, org.rhk_kabid

    # The employee plans.
    login(page, org.staf2.nip)
    page.get_by_role("link", name="SKP", exact=True).click()
    page.get_by_role("link", name="Tambah Periode SKP").click()
    page.fill("#id_periode_awal", f"{YEAR}-01-01")
    page.fill("#id_periode_akhir", f"{YEAR}-12-31")
    page.get_by_role("button", name="OK").click()
    page.get_by_text("Periode SKP berhasil ditambahkan.").wait_for()
    page.get_by_role("link", name="Detail SKP").click()
    assert "Status SKP: DRAFT" in page.get_by_test_id("status-skp").inner_text()

    page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    page.fill("#id_teks", "Tersusunnya laporan evaluasi kinerja pegawai")
    page.evaluate(f"document.querySelector('#id_rhk_atasan').tomselect.setValue('{rhk_kabid.pk}')")
    page.get_by_role("button", name="OK").click()
    page.get_by_role("link", name="Tambah Indikator").first.click()
    page.select_option("#id_aspek", "Kuantitas")
    page.fill("#id_teks", "Jumlah laporan evaluasi kinerja")
    page.fill("#id_target_nilai", "12")
    page.fill("#id_target_satuan", "Laporan")
    page.get_by_role("button", name="OK").click()
    table = page.get_by_test_id("hasil-kerja")
    assert "Terlaksananya penilaian kinerja" in table.inner_text()
    assert "12 Laporan" in table.inner_text()

    page.get_by_role("button", name="Ajukan SKP").click()
    modal = page.locator("#modal-ajukan")
    modal.get_by_text("Apakah Anda yakin ingin mengajukan SKP ini?").wait_for()
    assert "Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau." in modal.inner_text()
    shot(page, "skp-1-konfirmasi-ajukan")
    page.get_by_test_id("ajukan-ok").click()
    page.get_by_test_id("status-skp").filter(has_text="PENGAJUAN").wait_for()
    assert not page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").count()

    # The leader approves from SKP Bawahan.
    page.context.clear_cookies()
    login(page, org.kabid.nip)
    page.goto(f"{page.base}/skp/{skp_kabid.pk}/bawahan/")
    row = page.get_by_role("row").filter(has_text=org.staf2.nama)
    row.get_by_role("link", name="Detail SKP").click()
    page.get_by_role("button", name="Edit Status").click()
    page.locator("#modal-status").get_by_label("Status").select_option("PERSETUJUAN")
    page.get_by_test_id("status-ok").click()
    page.get_by_test_id("status-skp").filter(has_text="PERSETUJUAN").wait_for()
    shot(page, "skp-2-disetujui")

    # The Matriks shows the employee's RHK under the leader's RHK.
    page.goto(f"{page.base}/skp/{skp_kabid.pk}/matriks/")
    matriks = page.get_by_test_id("matriks")
    staf_row = matriks.get_by_role("row").filter(has_text=org.staf2.nama)
    assert "Tersusunnya laporan evaluasi kinerja pegawai" in staf_row.inner_text()
    shot(page, "skp-3-matriks")

    skp = Skp.objects.get(pegawai=org.staf2)
    assert skp.status == "PERSETUJUAN"
    assert Rhk.objects.get(skp=skp).rhk_atasan == rhk_kabid
