"""Riwayat Unit Kerja / Jabatan / Mutasi / Promosi Pegawai: built from the Pegawai history and the SKP periods;
rows, dates, jenis and atasan; rights; constant queries; independent of the kinerja harian switch."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.harian.models import PengaturanHarian
from kinerja.harian.selectors import riwayat as sel
from kinerja.org.models import Jabatan
from kinerja.skp.models import ModelSkp, Skp

from ..factories import PegawaiFactory, UnitKerjaFactory

WIB = ZoneInfo("Asia/Jakarta")
Y = datetime.date.today().year
D = datetime.date


def pada(time_machine, tanggal: datetime.date):
    time_machine.move_to(
        datetime.datetime(tanggal.year, tanggal.month, tanggal.day, 9, 0, tzinfo=WIB), tick=False
    )


def skp(pegawai, awal, akhir, unit_nama, jabatan, penilai_nama, penilai_jabatan="", unit=None, penilai=None):
    return Skp.objects.create(
        pegawai=pegawai,
        instansi=pegawai.instansi,
        periode_awal=awal,
        periode_akhir=akhir,
        model=ModelSkp.JA_JF,
        unit_kerja=unit or pegawai.unit_kerja,
        jenis_pegawai="PEGAWAI",
        pegawai_nama=pegawai.nama,
        pegawai_nip=pegawai.nip,
        pegawai_jabatan=jabatan,
        pegawai_unit=unit_nama,
        penilai=penilai,
        penilai_nama=penilai_nama,
        penilai_jabatan=penilai_jabatan,
    )


@pytest.fixture
def r(org, time_machine):
    """A person hired into bidang (Ahli Pertama, III/a) on 10 Jan Y-1; golongan III/b on 1 Jun Y-1; moved to
    subbidang on 1 Feb Y; promoted to Ahli Muda (TMT 15 Apr Y) recorded on 1 May Y. SKPs: Y-2 in an older unit,
    Y-1 in bidang (assessed by the kabid), Y from February in subbidang."""
    o = org
    pertama = Jabatan.objects.create(nama="Analis Kinerja Ahli Pertama", jenis="JF", jenjang="Ahli Pertama")
    muda = Jabatan.objects.create(nama="Analis Kinerja Ahli Muda", jenis="JF", jenjang="Ahli Muda")
    pada(time_machine, D(Y - 1, 1, 10))
    p = PegawaiFactory(unit_kerja=o.bidang, nama="PEGAWAI RIWAYAT", jabatan=pertama, golongan="III/a")
    pada(time_machine, D(Y - 1, 3, 1))
    p.nama = "PEGAWAI RIWAYAT BARU"  # not a change of position: no new row
    p.save()
    pada(time_machine, D(Y - 1, 6, 1))
    p.golongan = "III/b"
    p.save()
    pada(time_machine, D(Y, 2, 1))
    p.unit_kerja = o.subbidang
    p.save()
    pada(time_machine, D(Y, 5, 1))
    p.jabatan, p.tmt_jabatan = muda, D(Y, 4, 15)
    p.save()
    skp(
        p,
        D(Y - 2, 1, 1),
        D(Y - 2, 12, 31),
        "DINAS LAMA",
        "Pengelola Data",
        "KEPALA DINAS LAMA",
        "Kepala Dinas",
    )
    skp(
        p,
        D(Y - 1, 1, 1),
        D(Y - 1, 12, 31),
        "BIDANG UJI",
        pertama.nama,
        o.kabid.nama,
        "Kepala Bidang Uji",
        o.bidang,
        o.kabid,
    )
    skp(p, D(Y, 2, 1), D(Y, 12, 31), "SUBBIDANG UJI", muda.nama, "KEPALA SUBBIDANG", "", o.subbidang)
    o.p = p
    return o


def test_rows_dates_kinds_and_assessors(r):
    rows = sel.riwayat(r.p)
    got = [(x.jabatan, x.unit_kerja, x.golongan, x.mulai, x.selesai, x.jenis, x.sumber) for x in rows]
    assert got == [
        ("Pengelola Data", "DINAS LAMA", "", D(Y - 2, 1, 1), D(Y - 2, 12, 31), "Awal", "Periode SKP"),
        ("Analis Kinerja Ahli Pertama", "BIDANG UJI", "III/a", D(Y - 1, 1, 1), D(Y - 1, 5, 31), "Mutasi", "Data Pegawai"),
        ("Analis Kinerja Ahli Pertama", "BIDANG UJI", "III/b", D(Y - 1, 6, 1), D(Y, 1, 31), "Kenaikan Pangkat", "Data Pegawai"),
        ("Analis Kinerja Ahli Pertama", "SUBBIDANG UJI", "III/b", D(Y, 2, 1), D(Y, 4, 14), "Mutasi", "Data Pegawai"),
        ("Analis Kinerja Ahli Muda", "SUBBIDANG UJI", "III/b", D(Y, 4, 15), None, "Promosi", "Data Pegawai"),
    ]  # fmt: skip
    assert rows[0].atasan == ["KEPALA DINAS LAMA (Kepala Dinas)"]
    assert rows[1].atasan == [f"{r.kabid.nama} (Kepala Bidang Uji)"]
    assert rows[2].atasan == [f"{r.kabid.nama} (Kepala Bidang Uji)"]  # Jun Y-1 .. Jan Y
    assert rows[3].atasan == ["KEPALA SUBBIDANG"]
    assert rows[4].atasan == ["KEPALA SUBBIDANG"]
    assert {x.instansi for x in rows} == {r.instansi.nama}


def test_move_to_another_instansi_is_mutasi_antar_instansi(r, other_org, time_machine):
    pada(time_machine, D(Y, 6, 1))
    r.p.instansi, r.p.unit_kerja = other_org.instansi, other_org.unit
    r.p.save()
    last = sel.riwayat(r.p)[-1]
    assert last.jenis == "Mutasi Antar Instansi" and last.instansi == other_org.instansi.nama


@pytest.mark.parametrize(
    ("sebelum", "sesudah", "jenis"),
    [
        (None, {}, "Awal"),
        ({"instansi": 1, "unit": 1, "jabatan": "A", "peringkat": 5, "golongan": "III/a"},
         {"instansi": 2, "unit": 9, "jabatan": "A", "peringkat": 5, "golongan": "III/a"}, "Mutasi Antar Instansi"),
        ({"instansi": 1, "unit": 1, "jabatan": "A", "peringkat": 5, "golongan": "III/a"},
         {"instansi": 1, "unit": 2, "jabatan": "B", "peringkat": 6, "golongan": "III/a"}, "Promosi"),
        ({"instansi": 1, "unit": 1, "jabatan": "A", "peringkat": 6, "golongan": "III/a"},
         {"instansi": 1, "unit": 2, "jabatan": "B", "peringkat": 5, "golongan": "III/a"}, "Mutasi"),
        ({"instansi": 1, "unit": 1, "jabatan": "A", "peringkat": None, "golongan": "III/a"},
         {"instansi": 1, "unit": 1, "jabatan": "B", "peringkat": 6, "golongan": "III/a"}, "Perubahan Jabatan"),
        ({"instansi": 1, "unit": 1, "jabatan": "A", "peringkat": 5, "golongan": "III/d"},
         {"instansi": 1, "unit": 1, "jabatan": "A", "peringkat": 5, "golongan": "IV/a"}, "Kenaikan Pangkat"),
        ({"instansi": 1, "unit": 1, "jabatan": "A", "peringkat": 5, "golongan": "IV/a"},
         {"instansi": 1, "unit": 1, "jabatan": "A", "peringkat": 5, "golongan": "III/d"}, "Perubahan Pangkat"),
    ],
)  # fmt: skip
def test_jenis_perubahan(sebelum, sesudah, jenis):
    assert sel.jenis_perubahan(sebelum, sesudah) == jenis


@pytest.mark.parametrize(
    ("jenis", "jenjang", "nilai"),
    [
        ("JF", "Ahli Pertama", 5),
        ("JF", "AHLI  MUDA", 6),
        ("JF", "ahli-utama", 8),
        ("JF", "Terampil", 2),
        ("JA", "Pengawas", 5),
        ("JPT", "Pratama", 7),
        ("JF", "Pratama", None),
        ("JF", "", None),
        (None, "Ahli Muda", None),
    ],
)
def test_peringkat(jenis, jenjang, nilai):
    assert sel.peringkat(jenis, jenjang) == nilai


def test_page_for_self_and_rights(client, r, other_org, admin_nasional):
    url = reverse("harian:riwayat_pegawai", args=[r.p.pk])
    client.force_login(r.p.user)
    res = client.get(reverse("harian:riwayat"))
    assert res.status_code == 200
    html = res.content.decode()
    assert "Riwayat Unit Kerja / Jabatan / Mutasi / Promosi Pegawai" in html and "Promosi" in html
    assert "KEPALA DINAS LAMA" in html and "sekarang" in html
    assert client.get(url).status_code == 200
    for user in (r.admin, admin_nasional, r.kabid.user):  # admin of the instansi, nasional, an assessor
        client.force_login(user)
        assert client.get(url).status_code == 200, user
    for user in (other_org.admin, r.staf2.user, r.anggota_sub.user):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    assert client.get(reverse("harian:riwayat_pegawai", args=[999999])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_current_assessor_without_skp_may_open(client, org):
    # staf has no SKP; the kabid leads the unit and so is the pejabat penilai.
    client.force_login(org.kabid.user)
    assert client.get(reverse("harian:riwayat_pegawai", args=[org.staf.pk])).status_code == 200
    client.force_login(org.staf2.user)
    assert client.get(reverse("harian:riwayat_pegawai", args=[org.staf.pk])).status_code == 404


def test_does_not_depend_on_the_feature_switch(client, r):
    assert not PengaturanHarian.objects.exists()
    client.force_login(r.p.user)
    assert client.get(reverse("harian:riwayat")).status_code == 200


def test_constant_queries(client, r, time_machine):
    url = reverse("harian:riwayat_pegawai", args=[r.p.pk])

    def count():
        client.force_login(r.admin)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(4):  # more moves and SKP periods
        pada(time_machine, D(Y, 6 + i, 1))
        r.p.unit_kerja = UnitKerjaFactory(instansi=r.instansi, parent=r.bidang, nama=f"SEKSI {i}")
        r.p.save()
        skp(r.p, D(Y, 6 + i, 1), D(Y, 6 + i, 28), f"SEKSI {i}", "Analis", f"KEPALA SEKSI {i}")
    assert len(sel.riwayat(r.p)) == 9
    assert count() == small
