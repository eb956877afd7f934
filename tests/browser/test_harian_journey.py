"""Journey (issue 6): an employee logs three days of work and sends them; the assessor approves two and returns
one; the Matriks Target Bulanan shows the month's realisation."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from kinerja.harian.models import CatatanHarian, TargetBulanan

from ..skp.conftest import YEAR
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIB = ZoneInfo("Asia/Jakarta")


def _login_as(page, nip):
    page.context.clear_cookies()
    login(page, nip)


def test_three_days_sent_two_approved_one_returned_matrix_shows_realisation(
    page, harian_org, shot, time_machine
):
    o = harian_org
    time_machine.move_to(datetime.datetime(YEAR, 3, 12, 10, 0, tzinfo=WIB), tick=True)
    TargetBulanan.objects.create(indikator=o.ind_staf, bulan=3, target=3)
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. The employee logs three days of work.
    _login_as(page, o.staf.nip)
    for day, uraian in (
        (10, "Menyusun draf laporan"),
        (11, "Mengolah data penilaian"),
        (12, "Rapat koordinasi"),
    ):
        page.goto(f"{page.base}/kinerja-harian/?skp={o.skp_staf.pk}&bulan=3")
        page.get_by_test_id("tambah-utama").click()
        page.select_option("select[name=indikator]", str(o.ind_staf.pk))
        page.fill("input[name=tanggal]", f"{YEAR}-03-{day:02d}")
        page.fill("textarea[name=uraian]", uraian)
        page.fill("input[name=realisasi]", "1")
        page.get_by_test_id("form-catatan").locator("button[type=submit]").click()
        page.get_by_test_id("tabel-ckhp").wait_for()
    assert CatatanHarian.objects.filter(pegawai=o.staf, status="KONSEP").count() == 3

    # ... and sends them at once.
    page.locator("#pilih-semua").check()  # ticks every entry that can be sent
    assert all(box.is_checked() for box in page.locator("input[name=pilih]").all())
    shot(page, "harian-1-ckhp-konsep")
    page.get_by_test_id("kirim").click()
    page.wait_for_load_state("networkidle")
    assert CatatanHarian.objects.filter(pegawai=o.staf, status="PERIKSA").count() == 3

    # 2. The assessor approves two and returns one with a note.
    _login_as(page, o.kabid.nip)
    page.goto(f"{page.base}/kinerja-harian/bawahan/?bulan=3&tahun={YEAR}")
    entries = list(CatatanHarian.objects.filter(pegawai=o.staf).order_by("tanggal"))
    assert o.staf.nama in page.get_by_test_id("tabel-bawahan").inner_text()
    shot(page, "harian-2-kinerja-bawahan")
    for c in entries[:2]:
        page.locator(f"#pilih-{c.pk}").check()
    page.get_by_test_id("setujui").click()
    page.wait_for_load_state("networkidle")
    page.locator(f"#pilih-{entries[2].pk}").check()
    page.fill("[name=catatan]", "Lampirkan notulen rapat.")
    page.get_by_test_id("kembalikan").click()
    page.wait_for_load_state("networkidle")
    statuses = dict(CatatanHarian.objects.filter(pegawai=o.staf).values_list("pk", "status"))
    assert [statuses[c.pk] for c in entries] == ["SETUJU", "SETUJU", "DIKEMBALIKAN"]

    # 3. The employee sees the returned note, and the matrix shows March's realisation (2 of 3).
    _login_as(page, o.staf.nip)
    page.goto(f"{page.base}/kinerja-harian/?skp={o.skp_staf.pk}&bulan=3")
    assert "Lampirkan notulen rapat." in page.get_by_test_id(f"catatan-{entries[2].pk}").inner_text()
    page.goto(f"{page.base}/skp/{o.skp_staf.pk}/matriks-target/")
    cell = page.locator(f"[data-sel='r-{o.ind_staf.pk}-3']")
    assert cell.inner_text().strip().startswith("2")
    assert page.get_by_test_id(f"total-realisasi-{o.ind_staf.pk}").inner_text().strip().startswith("2")
    shot(page, "harian-3-matriks-target")
