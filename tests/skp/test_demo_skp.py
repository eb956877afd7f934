import pytest

from kinerja.org import demo
from kinerja.org.models import Instansi
from kinerja.skp import demo as skp_demo
from kinerja.skp.models import Rhk, Skp

pytestmark = pytest.mark.django_db


def test_demo_skps_cover_every_status_a_cascade_a_mutasi_and_a_plt():
    demo.build()
    instansi = Instansi.objects.get(kode=demo.KODE)
    skp_demo.build(instansi)
    statuses = set(Skp.objects.values_list("status", flat=True))
    assert statuses == {"DRAFT", "PENGAJUAN", "PERSETUJUAN"}
    assert Skp.objects.filter(status="DRAFT", revisi__gte=1).exclude(keterangan="").exists()
    assert Skp.objects.filter(status_pegawai="PLT").exists()
    # two levels below a JPT: staff RHK -> Kasubbid RHK -> Kabid RHK -> JPT RHK
    deep = Rhk.objects.filter(rhk_atasan__rhk_atasan__skp__model="JPT").first()
    assert deep is not None and deep.skp.model == "JA_JF"
    # the mutasi: one person with two definitive periods that meet on the TMT
    moved = [
        list(Skp.objects.filter(pegawai_id=pid, status_pegawai="DEFINITIF").order_by("periode_awal"))
        for pid in set(Skp.objects.values_list("pegawai_id", flat=True))
    ]
    pairs = [s for s in moved if len(s) == 2]
    assert len(pairs) == 1
    old, new = pairs[0]
    assert (new.periode_awal - old.periode_akhir).days == 1 and new.pegawai_unit == "BAGIAN UMUM"
