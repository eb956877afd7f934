"""The Tempat Sampah page: who may see and use it, what each admin sees, filters, Pulihkan, constant queries;
the Hapus messages point users to it."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.sampah.models import Jenis, Sampah
from kinerja.skp.models import Rhk, Skp
from kinerja.skp.services import periode as skp_services
from kinerja.skp.services import rhk as rhk_services
from kinerja.skp.services import workflow

from ..factories import PegawaiFactory, UserFactory
from ..skp.conftest import add_rhk, make_skp, skp_org  # noqa: F401

URL = "/admin/sampah/"


def test_url_names():
    assert reverse("sampah:daftar") == URL
    assert reverse("sampah:pulihkan", args=[7]) == "/admin/sampah/7/pulihkan/"


def _rows(response) -> list[Sampah]:
    return list(response.context["page_obj"])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def binned(skp_org, other_org):  # noqa: F811
    """Two rows in org's bin (an indicator, then an RHK), one in other_org's."""
    o = skp_org
    rhk_services.indikator_delete(actor=o.kabid.user, indikator=o.rhk_kabid.indikator.get())
    rhk = add_rhk(o.skp_staf, "RHK <script>alert(1)</script>", atasan=o.rhk_kabid)
    o.rhk_pk = rhk.pk
    rhk_services.rhk_delete(actor=o.staf.user, rhk=rhk)
    skp = make_skp(other_org.pegawai)
    skp_services.skp_delete(actor=other_org.pegawai.user, skp=skp)
    o.lain = Sampah.objects.get(instansi=other_org.instansi)
    o.indikator_bin = Sampah.objects.get(jenis=Jenis.INDIKATOR)
    o.rhk_bin = Sampah.objects.get(jenis=Jenis.RHK)
    return o


def test_anonymous_goes_to_login_and_employees_are_refused(client, binned):
    login = reverse("login")
    pulihkan_url = reverse("sampah:pulihkan", args=[binned.rhk_bin.pk])
    assert client.get(URL)["Location"].startswith(login)
    assert client.post(pulihkan_url)["Location"].startswith(login)
    client.force_login(binned.staf.user)
    assert client.get(URL).status_code == 403
    assert client.post(pulihkan_url).status_code == 403
    assert client.get(pulihkan_url).status_code == 405
    binned.rhk_bin.refresh_from_db()
    assert not binned.rhk_bin.dipulihkan


def test_instansi_admin_sees_their_rows_newest_first(client, binned, other_org):
    client.force_login(binned.admin)
    response = client.get(URL)
    assert response.status_code == 200
    assert _rows(response) == [binned.rhk_bin, binned.indikator_bin]
    html = response.content.decode()
    assert "RHK «RHK &lt;script&gt;alert(1)&lt;/script&gt;»" in html and "<script>alert(1)" not in html
    assert "Isi: 1 RHK, 1 indikator" in html and binned.staf.nama in html
    assert "instansi" not in response.context["form"].fields
    assert _rows(client.get(URL, {"instansi": other_org.instansi.pk})) == [
        binned.rhk_bin,
        binned.indikator_bin,
    ]
    client.force_login(other_org.admin)
    assert _rows(client.get(URL)) == [binned.lain]


def test_national_admin_sees_every_instansi_and_filters(client, binned, other_org, admin_nasional):
    client.force_login(admin_nasional)
    assert len(_rows(client.get(URL))) == 3
    assert _rows(client.get(URL, {"instansi": other_org.instansi.pk})) == [binned.lain]


def test_filters_by_jenis_and_status(client, binned):
    client.force_login(binned.admin)
    assert _rows(client.get(URL, {"jenis": "INDIKATOR"})) == [binned.indikator_bin]
    assert _rows(client.get(URL, {"jenis": "PERIODE"})) == []
    assert _rows(client.get(URL, {"status": "dipulihkan"})) == []
    client.post(reverse("sampah:pulihkan", args=[binned.rhk_bin.pk]))
    assert _rows(client.get(URL)) == [binned.indikator_bin]
    assert _rows(client.get(URL, {"status": "dipulihkan"})) == [binned.rhk_bin]
    assert len(_rows(client.get(URL, {"status": "semua"}))) == 2
    assert client.get(URL, {"jenis": "<x>", "status": "?", "page": "z"}).status_code == 200


def test_pulihkan_button_restores_and_keeps_the_filter(client, binned):
    client.force_login(binned.admin)
    html = client.get(URL).content.decode()
    action = reverse("sampah:pulihkan", args=[binned.rhk_bin.pk])
    assert (
        f'action="{action}"' in html and 'data-konfirmasi="Pulihkan RHK ini beserta seluruh isinya?"' in html
    )
    response = client.post(f"{action}?jenis=RHK&x=1")
    assert response.status_code == 302 and response["Location"] == f"{URL}?jenis=RHK"
    assert any("berhasil dipulihkan" in m for m in _messages(response))
    assert Rhk.objects.get(pk=binned.rhk_pk).indikator.count() == 1
    response = client.post(action)  # again: refused with a message, no error page
    assert response.status_code == 302 and any("sudah dipulihkan" in m for m in _messages(response))


def test_refusal_is_shown_as_a_message(client, binned):
    workflow.skp_ajukan(actor=binned.staf.user, skp=binned.skp_staf)
    client.force_login(binned.admin)
    response = client.post(reverse("sampah:pulihkan", args=[binned.rhk_bin.pk]), follow=True)
    assert "sudah berstatus PENGAJUAN" in response.content.decode()
    binned.rhk_bin.refresh_from_db()
    assert not binned.rhk_bin.dipulihkan


def test_admin_of_another_instansi_gets_404(client, binned, other_org):
    client.force_login(other_org.admin)
    assert client.post(reverse("sampah:pulihkan", args=[binned.rhk_bin.pk])).status_code == 404
    assert client.post(reverse("sampah:pulihkan", args=[999999])).status_code == 404
    binned.rhk_bin.refresh_from_db()
    assert not binned.rhk_bin.dipulihkan and not Rhk.objects.filter(pk=binned.rhk_pk).exists()


def test_menu_entry_for_admins_only(client, binned):
    client.force_login(binned.admin)
    assert f'href="{URL}"' in client.get(reverse("core:audit_list")).content.decode()
    client.force_login(binned.staf.user)
    assert f'href="{URL}"' not in client.get(reverse("org:profil")).content.decode()


def test_hapus_says_where_the_data_went(client, skp_org):  # noqa: F811
    o = skp_org
    client.force_login(o.staf.user)
    response = client.post(reverse("skp:hapus", args=[o.skp_staf.pk]), follow=True)
    html = response.content.decode()
    assert "Periode SKP telah dihapus." in html and "dipindahkan ke Tempat Sampah" in html
    assert not Skp.objects.filter(pk=o.skp_staf.pk).exists()


def _make_rows(o, n: int) -> None:
    """`n` bin rows by different people, half of them restored by another admin."""
    for i in range(n):
        pegawai = PegawaiFactory(unit_kerja=o.bidang)
        restorer = UserFactory(peran="ADMIN_INSTANSI", instansi=o.instansi)
        Sampah.objects.create(
            jenis=Jenis.BUKTI, label=f"Bukti {i}", instansi=o.instansi, pemilik=pegawai, object_type="penilaian.BuktiDukung",
            object_id=str(1000 + i), dihapus_oleh=pegawai.user, dihapus_oleh_label=pegawai.nip,
            data={"objek": [], "tautan": []}, isi=[["bukti dukung", 1]],
            dipulihkan_oleh=restorer if i % 2 else None, dipulihkan_pada=o.skp_staf.dibuat_pada if i % 2 else None,
        )  # fmt: skip


def test_query_count_is_constant(client, skp_org):  # noqa: F811
    o = skp_org
    client.force_login(o.admin)
    counts = []
    for n in (3, 30):
        Sampah.objects.all().delete()
        _make_rows(o, n)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"status": "semua"})
        assert len(_rows(response)) == n
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
