"""An instansi whose every displayed text is hostile: HTML/script, a template expression, and (on some fields) a
spreadsheet formula prefix. Built through the services, as users would type it; used by the escaping tests of
pages, Excel exports and PDFs (test_input_tampil.py, test_input_keluaran.py)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.utils import timezone

from kinerja.harian.models import PengaturanHarian
from kinerja.harian.services import ckhp, tahapan
from kinerja.org.models import Jabatan, Pegawai
from kinerja.org.services import pegawai as pegawai_services
from kinerja.org.services import units
from kinerja.penilaian import rules as nilai_rules
from kinerja.penilaian.services import evaluasi, keberatan, pengisian, rekan
from kinerja.penilaian.services.penilaian import penilaian_tambah
from kinerja.skp.services import perilaku

from ..penilaian.conftest import approve, make_periods
from ..skp.conftest import add_rhk, make_skp
from .input_common import IMG, SCRIPT, TEMPLATE

P = f"{SCRIPT}{IMG}{TEMPLATE}"  # 61 characters: fits every name column
RAW = (SCRIPT, "<img src=x onerror=alert(1)>")  # must never reach a page unescaped
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Texts by the spreadsheet rule they test: starting with a formula prefix (neutralised) or not (kept as is).
FORMULA_TEXTS = {
    "nama_staf": f"=STAF {P}",
    "nama_kabid": f"+KABID {P}",
    "nama_staf2": f"@STAF2 {P}",
    "nama_unit": f"-BIDANG {P}",
}
PLAIN_TEXTS = {"nama_kaban": f"KABAN {P}"}


def _rename(o, pegawai: Pegawai, nama: str) -> None:
    p = Pegawai.objects.get(pk=pegawai.pk)
    pegawai_services.pegawai_update(
        actor=o.admin, pegawai=p, nama=nama, tanggal_lahir=p.tanggal_lahir, jenis_kelamin=p.jenis_kelamin,
        jenis_asn=p.jenis_asn, tmt_cpns=p.tmt_cpns, unit_kerja=p.unit_kerja, golongan=p.golongan,
        jabatan=p.jabatan, tempat_lahir=f"Kota {P}",
    )  # fmt: skip
    pegawai.refresh_from_db()


def isi_berbahaya(o):
    """`o` is the `org` fixture; fills it (names, SKPs, assessment, keberatan, daily entries) with hostile text."""
    units.unit_update(
        actor=o.admin,
        unit=o.bidang,
        nama=FORMULA_TEXTS["nama_unit"],
        eselon="32",
        jenis_induk="",
        parent=o.badan,
    )
    o.kaban.jabatan = Jabatan.objects.create(nama=f"Kepala Badan {P}", jenis="JPT", jenjang="Pratama")
    o.kaban.save()
    o.kabid.jabatan = Jabatan.objects.create(nama=f"Kepala Bidang {P}", jenis="JA", jenjang="Administrator")
    o.kabid.save()
    for pegawai, key in ((o.staf, "nama_staf"), (o.kabid, "nama_kabid"), (o.staf2, "nama_staf2")):
        _rename(o, pegawai, FORMULA_TEXTS[key])
    _rename(o, o.kaban, PLAIN_TEXTS["nama_kaban"])
    o.pengaturan = PengaturanHarian.objects.create(instansi=o.instansi, aktif=True, hari_mundur=5)

    o.skp_kaban = make_skp(o.kaban)
    o.rhk_kaban = add_rhk(o.skp_kaban, f"RHK KABAN {P}")
    o.skp_kabid = make_skp(o.kabid)
    o.rhk_kabid = add_rhk(o.skp_kabid, f"RHK KABID {P}", atasan=o.rhk_kaban)
    o.skp_staf = make_skp(o.staf)
    o.rhk_staf = add_rhk(o.skp_staf, f"RHK STAF {P}", atasan=o.rhk_kabid)
    o.ind = o.rhk_staf.indikator.get()
    perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis="KONSEKUENSI", teks=f"Lampiran {P}")
    perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=1, teks=f"Ekspektasi {P}")
    tahapan.tahapan_create(actor=o.staf.user, rhk=o.rhk_staf, nama=f"Tahapan {P}", bulan=1)
    for skp in (o.skp_kaban, o.skp_kabid, o.skp_staf):
        if skp.penilai_id:
            approve(skp)

    o.periode = make_periods(o.instansi)
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    o.tw = penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=o.periode[quarter])
    o.final = penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=o.periode["final"])
    pengisian.rencana_aksi_create(
        actor=o.staf.user, penilaian=o.tw, rhk=o.rhk_staf, teks=f"Rencana aksi {P}", target=f"Target {P}"
    )
    for p in (o.tw, o.final):
        pengisian.bukti_create(
            actor=o.staf.user, penilaian=p, indikator=o.ind, nama=f"Bukti {P}", link="https://contoh.go.id/b"
        )
        pengisian.realisasi_set(
            actor=o.staf.user,
            penilaian=p,
            indikator=o.ind,
            realisasi=f"Realisasi {P}",
            sumber_data=f"Sumber {P}",
        )
        evaluasi.feedback_indikator_simpan(
            actor=o.kabid.user, penilaian=p, indikator=o.ind, jempol="NAIK", teks=f"Feedback indikator {P}"
        )
        evaluasi.feedback_perilaku_simpan(
            actor=o.kabid.user, penilaian=p, nilai=1, teks=f"Feedback perilaku {P}"
        )
        evaluasi.pembinaan_tambah(actor=o.kabid.user, penilaian=p, teks=f"Pembinaan {P}")
        for aspek in ("hasil_kerja", "perilaku"):
            evaluasi.rating_ubah(actor=o.kabid.user, penilaian=p, aspek=aspek, rating=nilai_rules.SESUAI)
    rekan.feedback_rekan_simpan(actor=o.staf2.user, skp=o.skp_staf, nilai=2, teks=f"Feedback rekan {P}")
    o.keberatan = keberatan.keberatan_ajukan(actor=o.staf.user, penilaian=o.final, alasan=f"Keberatan {P}")

    o.catatan = ckhp.catatan_tambah(
        actor=o.staf.user, skp=o.skp_staf, indikator=o.ind, tanggal=today, uraian=f"Catatan harian {P}",
        realisasi="1", bukti_link="https://contoh.go.id/c",
    )  # fmt: skip
    kembali = ckhp.catatan_tambah(
        actor=o.staf.user, skp=o.skp_staf, indikator=o.ind, tanggal=today,
        uraian=f"Catatan dikembalikan {P}", realisasi="2",
    )  # fmt: skip
    ckhp.catatan_kirim(actor=o.staf.user, catatan_list=[o.catatan, kembali])
    ckhp.catatan_kembalikan(actor=o.kabid.user, catatan_list=[kembali], catatan=f"Perbaiki {P}")
    return o


MAKS_HALAMAN = 140  # per persona: every page of the small instansi, in about a minute at most
VARIAN_MAKS = 3  # query-string variants of one path (filters, dashboard cells) visited
_LINK = re.compile(r'(?:href|hx-get|action)="([^"#]*)"')
_LEWATI = ("/keluar/", "/static/", "/media/", "/api/v1/docs")


def crawl(client: Client, starts: list[str]) -> dict[str, object]:
    """GET every internal page reachable from `starts` (links, hx-get, form actions, redirects; breadth first,
    bounded); {url: response}. No answer may be a server error."""
    seen: dict[str, object] = {}
    per_path: dict[str, int] = {}
    queue = list(starts)
    while queue and len(seen) < MAKS_HALAMAN:
        url = queue.pop(0)
        path = url.split("?", 1)[0]
        if url in seen or path.startswith(_LEWATI) or per_path.get(path, 0) >= VARIAN_MAKS:
            continue
        per_path[path] = per_path.get(path, 0) + 1
        response = client.get(url)
        seen[url] = response
        assert response.status_code < 500, f"{url} menjawab {response.status_code}"
        if response.status_code in (301, 302, 303):
            links = [response["Location"]]
        elif "text/html" in response.get("Content-Type", ""):
            links = _LINK.findall(response.content.decode())
        else:
            continue
        for link in links:
            parts = urlsplit(urljoin(url, unescape(link)))
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue  # external (e.g. a bukti dukung on Google Drive)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and target not in queue:
                queue.append(target)
    return seen
