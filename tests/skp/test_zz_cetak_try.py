import io
from django.urls import reverse
from pypdf import PdfReader
from tests.skp.conftest import add_rhk
from kinerja.skp.services import perilaku

def test_try(client, skp_org):
    o = skp_org
    for i in range(12):
        add_rhk(o.skp_staf, f"Tersusunnya dokumen perencanaan kinerja nomor {i} yang cukup panjang untuk dibungkus", atasan=o.rhk_kabid, indikator=2)
    add_rhk(o.skp_staf, "Membantu kegiatan sosialisasi", atasan=o.rhk_kabid, jenis="TAMBAHAN")
    perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis="DUKUNGAN_SUMBER_DAYA", teks="Anggaran kegiatan")
    perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=1, teks="Melayani dengan ramah")
    client.force_login(o.staf.user)
    r = client.get(reverse("skp:cetak", args=[o.skp_staf.pk]))
    open("/tmp/cetak/staf.pdf", "wb").write(r.content)
    client.force_login(o.kaban.user)
    r = client.get(reverse("skp:cetak", args=[o.skp_kaban.pk]))
    open("/tmp/cetak/kaban.pdf", "wb").write(r.content)
    print(r["Content-Disposition"])
    for p in PdfReader(io.BytesIO(r.content)).pages:
        print(p.extract_text())
