"""Hostile text in the outputs. Every Excel download a persona can reach (found by crawling, as in
test_input_tampil) holds no formula: a text starting with = + - @ tab or CR is neutralised with a leading
apostrophe, any other text is kept as typed. Every PDF shows the hostile text literally (as text, not as markup),
and WeasyPrint never fetches a URL outside our own static files, whatever a document contains."""

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from kinerja.core.excel import FORMULA_PREFIXES
from kinerja.core.pdf import _weasyprint, static_file_path, static_files_fetcher
from kinerja.skp.models import Rhk

from .input_isian import FORMULA_TEXTS, PLAIN_TEXTS, SCRIPT, TEMPLATE, crawl, isi_berbahaya

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def hostile(org):
    return isi_berbahaya(org)


def _downloads(o) -> dict[str, object]:
    found = {}
    for user, starts in (
        (o.admin, ["/"]),
        (o.kabid.user, ["/", reverse("penilaian:evaluasi", args=[o.skp_kabid.pk])]),
        (o.staf.user, ["/", reverse("penilaian:skp", args=[o.skp_staf.pk])]),
    ):
        client = Client()
        client.force_login(user)
        for url, response in crawl(client, starts).items():
            if response.get("Content-Type", "").split(";")[0] in (XLSX, "application/pdf"):
                found[f"{user.username} {url}"] = response
    return found


def _cells(content: bytes):
    wb = load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def _pdf_text(content: bytes) -> str:
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", "", text)


def test_excel_and_pdf_outputs_hold_the_hostile_text_inert(hostile):
    found = _downloads(hostile)
    xlsx = {k: r for k, r in found.items() if r["Content-Type"].startswith(XLSX)}
    pdfs = {k: r for k, r in found.items() if r["Content-Type"].startswith("application/pdf")}
    assert len(xlsx) >= 8, sorted(
        xlsx
    )  # pegawai, unit, SKP, rekap, keberatan, keluaran, TPP, rekap bawahan, …
    assert len(pdfs) >= 3, sorted(pdfs)  # Cetak SKP, Form Penilaian, Dokumen Evaluasi Kinerja

    texts: list[str] = []
    for key, response in xlsx.items():
        for cell in _cells(response.content):
            assert cell.data_type != "f", f"{key} {cell.coordinate}: rumus {cell.value!r}"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_PREFIXES), f"{key} {cell.coordinate}: {cell.value!r}"
                texts.append(cell.value)
    for name, value in FORMULA_TEXTS.items():
        assert any(t.startswith("'" + value) for t in texts), f"{name} tidak dinetralkan di Excel mana pun"
    for name, value in PLAIN_TEXTS.items():
        assert any(t.startswith(value) for t in texts), f"{name} tidak tampil apa adanya di Excel"

    flat_script, flat_template = re.sub(r"\s+", "", SCRIPT), TEMPLATE
    shown = [key for key, response in pdfs.items() if flat_script in _pdf_text(response.content)]
    for key in shown:
        assert flat_template in _pdf_text(pdfs[key].content)
    for url in (
        reverse("skp:cetak", args=[hostile.skp_staf.pk]),
        reverse("penilaian:cetak_form", args=[hostile.final.pk]),
        reverse("penilaian:cetak_evaluasi", args=[hostile.final.pk]),
    ):
        assert any(key.endswith(f" {url}") for key in shown), f"{url}: teks tidak tampil apa adanya di PDF"


class _Perekam(BaseHTTPRequestHandler):
    diminta: list[str] = []

    def do_GET(self):  # noqa: N802
        _Perekam.diminta.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def perekam():
    """A local HTTP server that records every request (an attacker's server, for the test)."""
    _Perekam.diminta = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Perekam)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Perekam.diminta
    server.shutdown()
    server.server_close()


def test_pdf_never_fetches_a_url_from_user_content(hostile, perekam):
    base, diminta = perekam
    Rhk.objects.filter(pk=hostile.rhk_staf.pk).update(
        teks=f'<img src="{base}/rhk.png"> <link rel="stylesheet" href="{base}/gaya.css"> url({base}/css.png)'
    )
    client = Client()
    client.force_login(hostile.staf.user)
    response = client.get(reverse("skp:cetak", args=[hostile.skp_staf.pk]))
    assert response.status_code == 200
    assert f"{base}/rhk.png" in _pdf_text(response.content)  # shown as text, never fetched

    # Even markup that did reach a document (defence in depth): only our static files are read.
    html_class, _ = _weasyprint()
    html = (
        f'<html><head><link rel="stylesheet" href="{base}/a.css"><style>@import "{base}/b.css";'
        f"@font-face {{font-family: x; src: url({base}/c.woff)}} body {{background: url({base}/d.png)}}</style>"
        f'</head><body><img src="{base}/e.png"><img src="file:///etc/hostname"><img src="//127.0.0.1/f.png">'
        '<img src="/static/../../../../etc/passwd">Isi</body></html>'
    )
    pdf = html_class(string=html, base_url=base, url_fetcher=static_files_fetcher()).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert diminta == []
    assert static_file_path("/static/../../../../etc/passwd") is None
    assert static_file_path("file:///etc/passwd") is None
