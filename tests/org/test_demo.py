"""The demo organisation: built once, idempotent, and every Profil page has something to show."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kinerja.core.models import AuditEvent
from kinerja.org import atasan, demo
from kinerja.org.models import Instansi, Pegawai, PenugasanPlt, UnitKerja, User

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Instansi, UnitKerja, Pegawai, PenugasanPlt, User, AuditEvent)]


def test_demo_data_is_idempotent_and_prints_logins(capsys):
    call_command("demo_data")
    first = counts()
    out = capsys.readouterr().out
    call_command("demo_data")
    assert counts() == first
    assert "Data demo sudah ada; tidak ada yang diubah." in capsys.readouterr().out
    for login in demo.logins():
        assert login.username in out
    assert f"password semua akun: {demo.PASSWORD}" in out


def test_demo_organisation_has_what_every_page_needs():
    demo.build()
    pegawai = Pegawai.objects.all()
    assert 140 <= pegawai.count() <= 170
    assert {"JPT", "JA", "JF"} <= set(pegawai.values_list("jabatan__jenis", flat=True))
    assert {"PNS", "PPPK"} <= set(pegawai.values_list("jenis_asn", flat=True))
    assert (
        PenugasanPlt.objects.filter(jenis="PLT").exists()
        and PenugasanPlt.objects.filter(jenis="PLH").exists()
    )
    assert pegawai.filter(diperbantukan_di__gt="").exists()
    names = set(UnitKerja.objects.values_list("nama", flat=True))
    assert {"SEKRETARIAT DAERAH", "DINAS PENDIDIKAN", "SUBBIDANG DATA DAN INFORMASI KEPEGAWAIAN"} <= names
    assert sum("SEKOLAH" in n or "SD NEGERI" in n or "SMP NEGERI" in n for n in names) >= 3
    # one unit with no leader at all, where the employees are told why
    lonely = Pegawai.objects.get(nip=demo.logins()[2].username)
    assert atasan.pejabat_penilai(lonely).alasan.startswith("Unit kerja Anda belum memiliki pimpinan")
    # every NIP is valid for its person
    from kinerja.org.rules import nip_problems

    for p in pegawai:
        assert (
            nip_problems(
                p.nip,
                tanggal_lahir=p.tanggal_lahir,
                jenis_kelamin=p.jenis_kelamin,
                jenis_asn=p.jenis_asn,
                tmt_cpns=p.tmt_cpns,
            )
            == []
        ), p.nip


@pytest.mark.parametrize(
    "page",
    [
        "org:profil",
        "org:profil_atasan",
        "org:profil_satu_unit",
        "org:profil_bawahan",
        "org:profil_klaim",
        "org:profil_edit",
        "org:profil_struktur",
    ],
)
def test_every_demo_pegawai_login_walks_every_profil_page(client, page):
    demo.build()
    for login in demo.logins():
        user = User.objects.get(username=login.username)
        client.force_login(user)
        expected = 404 if not hasattr(user, "pegawai") else 200
        assert client.get(reverse(page)).status_code == expected, (login.peran, page)
