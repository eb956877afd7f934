"""Journey (issue 8): with the strict Content-Security-Policy (only our own static files; no inline script or style),
Chromium reports no violation on the main pages of every role, and what moved from inline code into kinerja.js
still works: confirm dialogs on forms and on buttons, the select that submits itself, the golongan toggle, the sizes
set from data- attributes (also after an htmx swap), copying an API key. docs/security-akun.md"""

import pytest
from django.utils import timezone

from kinerja.core.models import AuditEvent
from kinerja.harian.models import CatatanHarian
from kinerja.harian.services import ckhp
from kinerja.integrasi.models import JenisSinkron, JobSinkronisasi, StatusJob
from kinerja.penilaian.models import PeriodePenilaian
from kinerja.penilaian.services.penilaian import penilaian_tambah

from ..penilaian.conftest import make_periods
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation, whatever the directive, reaches the console through this listener (added before any page
# script runs; DevTools-injected, so the policy itself does not block it).
LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP-VIOLATION " + e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


class Pelanggaran(list):
    """The CSP violations Chromium reports on a page: the event above and its own "Refused to …" messages."""

    def __init__(self, page):
        super().__init__()
        page.context.add_init_script(LISTENER)
        page.on("console", self._console)

    def _console(self, msg):
        text = msg.text
        if "CSP-VIOLATION" in text or text.startswith("Refused to") or "Content Security Policy" in text:
            self.append(text)


@pytest.fixture
def csp_org(harian_org):
    """harian_org (approved SKPs, kinerja harian on) with the periods, staf's Triwulan I, one daily entry in Konsep
    and a sync job half done."""
    o = harian_org
    o.periode = make_periods(o.instansi)
    o.tw1 = penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=o.periode[1])
    o.catatan = ckhp.catatan_tambah(
        actor=o.staf.user,
        skp=o.skp_staf,
        indikator=o.ind_staf,
        tanggal=timezone.localdate(),
        uraian="Menyusun laporan harian",
        realisasi=1,
    )
    o.job = JobSinkronisasi.objects.create(
        instansi=o.instansi, jenis=JenisSinkron.PROFIL, status=StatusJob.BERJALAN, total=4, diproses=2,
        berhasil=1, gagal=1, dimulai_oleh=o.admin,
    )  # fmt: skip
    return o


def _sebagai(page, nip):
    page.context.clear_cookies()
    login(page, nip)


def _kunjungi(page, paths):
    for path in paths:
        response = page.goto(f"{page.base}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")


def test_main_pages_of_every_role_report_no_csp_violation(page, csp_org, admin_nasional):
    o = csp_org
    pelanggaran = Pelanggaran(page)
    p1, skp_kabid = o.periode[1].pk, o.skp_kabid.pk
    evaluasi = f"/skp/{skp_kabid}/evaluasi/{p1}"
    halaman = {
        o.staf.nip: [
            "/profil/", "/profil/edit/", "/profil/struktur/", "/skp/", f"/skp/{o.skp_staf.pk}/",
            f"/skp/{o.skp_staf.pk}/penilaian/", f"/penilaian/{o.tw1.pk}/pengisian/",
            f"/penilaian/{o.tw1.pk}/rencana-aksi/", "/kinerja-harian/", "/kinerja-harian/tpp/", "/rekan/",
            "/akun/password/", "/api/v1/docs",
        ],
        o.kabid.nip: [
            f"/skp/{skp_kabid}/bawahan/", f"/skp/{skp_kabid}/matriks/", f"/skp/{skp_kabid}/matriks-target/",
            f"{evaluasi}/bawahan/?penilaian={o.tw1.pk}", f"{evaluasi}/pembinaan/?penilaian={o.tw1.pk}",
            f"{evaluasi}/kurva/", f"{evaluasi}/rekap/", "/kinerja-harian/bawahan/",
        ],
        o.admin.username: [
            "/admin/unit-kerja/", f"/admin/unit-kerja/{o.bidang.pk}/", "/admin/pegawai/",
            f"/admin/pegawai/{o.staf.pk}/", "/admin/periode/", "/admin/capaian-organisasi/", "/admin/dashboard/",
            "/admin/audit/", f"/admin/sinkron/job/{o.job.pk}/", "/admin/sinkron/log/", "/admin/kinerja-harian/tpp/",
            "/admin/api-key/", "/admin/skp/",
        ],
        admin_nasional.username: ["/admin/dashboard/nasional/"],
    }  # fmt: skip
    for nip, paths in halaman.items():
        _sebagai(page, nip)
        _kunjungi(page, paths)
    assert pelanggaran == []

    # Control: the listener does see a violation when there is one.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=\"color: red\">x</div>')")
    page.wait_for_timeout(300)
    assert any("style-src" in v for v in pelanggaran)


def test_confirm_dialogs_still_guard_forms_and_buttons(page, csp_org):
    o = csp_org
    pelanggaran = Pelanggaran(page)
    dialog = []

    def jawab(terima):
        def handler(d):
            dialog.append(d.message)
            d.accept() if terima else d.dismiss()

        page.once("dialog", handler)

    # A form with data-konfirmasi: Hapus periode (Triwulan II is not used by any penilaian).
    tw2 = o.periode[2]
    _sebagai(page, o.admin.username)
    _kunjungi(page, ["/admin/periode/"])
    hapus = page.locator(f"form[action='/admin/periode/{tw2.pk}/hapus/'] button[type=submit]")
    audit = AuditEvent.objects.count()
    jawab(False)
    hapus.click()
    page.wait_for_timeout(500)
    assert dialog[-1].startswith("Hapus periode Triwulan II")
    assert page.url.endswith("/admin/periode/") and hapus.count() == 1
    assert PeriodePenilaian.objects.filter(pk=tw2.pk).exists() and AuditEvent.objects.count() == audit
    jawab(True)
    with page.expect_navigation():
        hapus.click()
    assert hapus.count() == 0 and AuditEvent.objects.count() > audit

    # A button with data-konfirmasi: Hapus on the employee's daily entry (a formaction button of the list form).
    _sebagai(page, o.staf.nip)
    _kunjungi(page, [f"/kinerja-harian/?skp={o.skp_staf.pk}"])
    tombol = page.get_by_test_id(f"hapus-{o.catatan.pk}")
    jawab(False)
    tombol.click()
    page.wait_for_timeout(500)
    assert dialog[-1] == "Hapus catatan kinerja harian ini?"
    assert CatatanHarian.objects.filter(pk=o.catatan.pk).exists() and tombol.count() == 1
    jawab(True)
    with page.expect_navigation():
        tombol.click()
    assert tombol.count() == 0 and not CatatanHarian.objects.filter(pk=o.catatan.pk).exists()
    assert pelanggaran == []


def test_moved_behaviours_still_work(page, csp_org):
    o = csp_org
    pelanggaran = Pelanggaran(page)

    # data-kirim-otomatis on the tom-select of Penilaian Bawahan: choosing a subordinate opens their sheet.
    _sebagai(page, o.kabid.nip)
    _kunjungi(page, [f"/skp/{o.skp_kabid.pk}/evaluasi/{o.periode[1].pk}/bawahan/"])
    page.locator("#id_penilaian-ts-control").fill(o.staf.nama)
    with page.expect_navigation():
        page.locator(".ts-dropdown .option", has_text=o.staf.nama).first.click()
    assert f"penilaian={o.tw1.pk}" in page.url
    assert o.staf.nip in page.get_by_test_id("pegawai").inner_text()

    _sebagai(page, o.admin.username)
    # Edit Pegawai: choosing PPPK offers only the PPPK golongan (kinerja.js reads the json_script).
    _kunjungi(page, [f"/admin/pegawai/{o.staf.pk}/"])
    page.select_option("#id_jenis_asn", "PPPK")
    golongan = page.locator("#id_golongan option").all_inner_texts()
    assert len(golongan) > 5 and all(g.startswith("PPPK - ") for g in golongan[1:])
    page.select_option("#id_jenis_asn", "PNS")
    assert all(g.startswith("PNS - ") for g in page.locator("#id_golongan option").all_inner_texts()[1:])

    # data-indent: each unit's cell is indented by its depth (0.5 rem + 1.25 rem per level).
    _kunjungi(page, ["/admin/unit-kerja/"])
    sel = page.evaluate(
        """Array.from(document.querySelectorAll("td[data-indent]")).map(td =>
             [Number(td.dataset.indent), parseFloat(getComputedStyle(td).paddingLeft)])"""
    )
    assert len(sel) >= 4 and {n for n, _ in sel} >= {0, 1, 2, 3}
    assert all(abs(px - (0.5 + 1.25 * n) * 16) < 0.5 for n, px in sel), sel

    # data-lebar: the job's bar shows 1 of 4 succeeded and 1 failed, and follows the htmx swap when it finishes.
    _kunjungi(page, [f"/admin/sinkron/job/{o.job.pk}/"])
    lebar = """() => Array.from(document.querySelectorAll("#job-progress .progress-stacked > .progress"))
                 .map(el => Math.round(100 * el.getBoundingClientRect().width / el.parentElement.getBoundingClientRect().width))"""
    assert page.evaluate(lebar) == [25, 25]
    JobSinkronisasi.objects.filter(pk=o.job.pk).update(
        status=StatusJob.SELESAI, diproses=4, berhasil=3, selesai_pada=timezone.now()
    )
    # (predicates as functions: Playwright would eval() a bare expression, which this very policy forbids)
    page.wait_for_function(f"() => ({lebar})().join() === '75,25'", timeout=10000)

    # API key: focusing the field selects the key; Salin copies it.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base)
    _kunjungi(page, ["/admin/api-key/tambah/"])
    page.fill("#id_nama", "SIMPEG Uji")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    kunci = page.get_by_test_id("key-lengkap")
    nilai = kunci.input_value()
    assert nilai.startswith("ekn_")
    kunci.focus()
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [
        0,
        len(nilai),
    ]
    page.get_by_test_id("salin-key").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=salin-key]').textContent.trim() === 'Tersalin'"
    )
    assert page.evaluate("navigator.clipboard.readText()") == nilai
    assert pelanggaran == []
