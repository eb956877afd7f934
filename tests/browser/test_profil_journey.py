"""Journey: log in, open Data Atasan, claim leadership, see Struktur Unit Kerja."""

import pytest

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_data_atasan_klaim_struktur(page, org, shot):
    member = org.anggota_sub  # SUBBIDANG UJI has no claimed leader yet
    login(page, member.nip)
    assert page.get_by_test_id("nip").inner_text() == member.nip

    page.get_by_role("link", name="Data Atasan").click()
    card = page.get_by_test_id("pejabat-penilai")
    assert "belum memiliki pimpinan yang melakukan klaim pimpinan" in card.inner_text()
    shot(page, "journey-1-data-atasan-tanpa-pimpinan")

    page.get_by_role("link", name="Klaim Pimpinan Unit Kerja").click()
    assert "Anda berstatus sebagai Pegawai" in page.get_by_test_id("status-klaim").inner_text()
    page.get_by_role("button", name="Klaim Pimpinan Unit Kerja").click()
    page.get_by_text("Anda sekarang berstatus Pimpinan unit kerja.").wait_for()
    assert "Anda berstatus sebagai Pimpinan" in page.get_by_test_id("status-klaim").inner_text()
    assert page.get_by_role("button", name="Lepas Pimpinan Unit Kerja").is_visible()

    page.get_by_role("link", name="Data Atasan").click()
    assert "KEPALA BIDANG" in page.get_by_test_id("pejabat-penilai").inner_text()
    assert "KEPALA BADAN" in page.get_by_test_id("atasan-pejabat-penilai").inner_text()

    page.get_by_role("link", name="Struktur Unit Kerja").first.click()
    nodes = page.get_by_test_id("struktur-node")
    assert nodes.count() == 4
    assert f"{member.nama} (definitif) - {member.nip}" in nodes.nth(3).inner_text()
    assert "22 (Mandiri)" in nodes.nth(1).inner_text()
    shot(page, "journey-2-struktur-unit-kerja")


def test_phone_layout_has_menu_behind_a_button(browser, live_server, org, shot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.base = live_server.url
    login(page, org.kabid.nip)
    assert not page.get_by_role("link", name="Profil", exact=True).is_visible()
    page.get_by_label("Buka menu").click()
    page.get_by_role("link", name="Profil", exact=True).click()
    page.wait_for_url(f"{page.base}/profil/")
    page.get_by_role("link", name="List Pegawai Bawahan").click()
    assert "STAF BIDANG" in page.content()
    shot(page, "journey-3-ponsel-bawahan")
    context.close()
