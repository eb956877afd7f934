"""A PMM SKP is view-only: every write by the owner (and the SKP content writes of the assessor) is refused by the
services with one message; the pages hide their edit buttons; the assessor still reviews and rates it here."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import include, path, reverse

from kinerja.integrasi.models import PenggunaPmm
from kinerja.penilaian.models import BuktiDukung, Realisasi, RencanaAksi
from kinerja.penilaian.services import evaluasi
from kinerja.penilaian.services import pengisian as pengisian_services
from kinerja.penilaian.services.pengisian import PMM_DARI_SINKRO
from kinerja.skp.models import LampiranItem, MatriksAnggota, Skp, Sumber
from kinerja.skp.services import matriks, perilaku, periode, workflow
from kinerja.skp.services import rhk as rhk_services
from kinerja.skp.services.common import PMM_HANYA_LIHAT

from ..penilaian.conftest import YEAR, nilai_org  # noqa: F401  (re-exported fixtures)
from ..skp.conftest import skp_org  # noqa: F401

PESAN = "SKP ini berasal dari PMM dan hanya dapat dilihat. Ubah di PMM lalu lakukan Sinkro PMM."
WIB = ZoneInfo("Asia/Jakarta")


def _sinkron_halaman(request):  # stands in for the Sinkro PMM page of another part of the integration
    raise NotImplementedError


urlpatterns = [
    path("", include("config.urls")),
    path("pmm/sinkron-uji/", _sinkron_halaman, name="pmm_sinkron_skp"),
]


def jadi_pmm(skp: Skp) -> Skp:
    Skp.objects.filter(pk=skp.pk).update(sumber=Sumber.PMM, pmm_id=f"pmm-{skp.pk}")
    skp.refresh_from_db()
    return skp


@pytest.fixture
def o(skp_org):  # noqa: F811
    o = skp_org
    o.lampiran = perilaku.lampiran_add(
        actor=o.staf.user, skp=o.skp_staf, jenis="DUKUNGAN_SUMBER_DAYA", teks="SDM"
    )
    o.indikator = o.rhk_staf.indikator.get()
    jadi_pmm(o.skp_staf)
    return o


def test_message_is_the_one_constant():
    assert PMM_HANYA_LIHAT == PESAN


def _refused(call):
    from kinerja.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        call()
    assert exc.value.message == PESAN


def test_every_owner_write_is_refused(o):
    user, skp = o.staf.user, o.skp_staf
    calls = [
        lambda: rhk_services.rhk_create(
            actor=user, skp=skp, jenis="UTAMA", klasifikasi="INDIVIDU", teks="Baru", rhk_atasan=o.rhk_kabid
        ),
        lambda: rhk_services.rhk_update(
            actor=user,
            rhk=o.rhk_staf,
            jenis="UTAMA",
            klasifikasi="INDIVIDU",
            teks="Ubah",
            rhk_atasan=o.rhk_kabid,
        ),
        lambda: rhk_services.rhk_delete(actor=user, rhk=o.rhk_staf),
        lambda: rhk_services.indikator_create(
            actor=user,
            rhk=o.rhk_staf,
            teks="Jumlah",
            aspek="Kuantitas",
            target_nilai="1",
            target_satuan="Dok",
        ),
        lambda: rhk_services.indikator_update(
            actor=user,
            indikator=o.indikator,
            teks="Jumlah",
            aspek="Kuantitas",
            target_nilai="2",
            target_satuan="Dok",
        ),  # fmt: skip
        lambda: rhk_services.indikator_delete(actor=user, indikator=o.indikator),
        lambda: perilaku.lampiran_add(actor=user, skp=skp, jenis="DUKUNGAN_SUMBER_DAYA", teks="Anggaran"),
        lambda: perilaku.lampiran_delete(actor=user, item=o.lampiran),
        lambda: workflow.skp_ajukan(actor=user, skp=skp),
        lambda: periode.skp_update_periode(
            actor=user,
            skp=skp,
            periode_awal=datetime.date(YEAR, 1, 1),
            periode_akhir=datetime.date(YEAR, 6, 30),
        ),
        lambda: periode.skp_delete(actor=user, skp=skp),
        lambda: periode.skp_muat_ulang(actor=user, skp=skp),
        lambda: periode.skp_mutasi(
            actor=user,
            skp=skp,
            tmt=datetime.date(YEAR, 7, 1),
            unit_kerja=o.staf.unit_kerja,
            jabatan=None,
            pendekatan="KUANTITATIF",
            salin_rhk=True,
        ),  # fmt: skip
    ]
    for call in calls:
        _refused(call)
    skp.refresh_from_db()
    assert (skp.status, skp.periode_akhir, skp.rhk.count()) == ("DRAFT", datetime.date(YEAR, 12, 31), 1)
    assert (
        LampiranItem.objects.filter(skp=skp).count() == 1 and Skp.objects.filter(pegawai=o.staf).count() == 1
    )


def test_assessor_content_writes_are_refused_too(o):
    """Tambah RHK from the leader's Matriks and the Ekspektasi Khusus Pimpinan write into the PMM SKP."""
    _refused(lambda: perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=1, teks="Cepat"))
    _refused(
        lambda: rhk_services.rhk_create(
            actor=o.kabid.user,
            skp=o.skp_staf,
            jenis="UTAMA",
            klasifikasi="INDIVIDU",
            teks="X",
            rhk_atasan=o.rhk_kabid,
        )  # fmt: skip
    )


def test_matriks_of_a_pmm_leader_is_refused(o, skp_staf2):
    jadi_pmm(o.skp_kabid)
    _refused(
        lambda: matriks.matriks_tambah_pegawai(
            actor=o.kabid.user, skp_pimpinan=o.skp_kabid, skp_anggota=o.skp_staf2
        )
    )
    assert not MatriksAnggota.objects.exists()


@pytest.fixture
def skp_staf2(o):
    from ..skp.conftest import make_skp

    o.skp_staf2 = make_skp(o.staf2)
    return o


def test_sinkronisasi_skp_bawahan_leaves_pmm_skps_alone(o, skp_staf2):
    Skp.objects.filter(pk__in=[o.skp_staf.pk, o.skp_staf2.pk]).update(penilai=None)
    changed = matriks.sinkronisasi_skp_bawahan(actor=o.kabid.user, skp_pimpinan=o.skp_kabid)
    assert changed == 1
    assert Skp.objects.get(pk=o.skp_staf.pk).penilai_id is None  # the PMM one keeps what PMM said
    assert Skp.objects.get(pk=o.skp_staf2.pk).penilai_id == o.kabid.pk


def test_ordinary_skp_still_editable(o, skp_staf2):
    rhk = rhk_services.rhk_create(
        actor=o.staf2.user, skp=o.skp_staf2, jenis="UTAMA", klasifikasi="INDIVIDU", teks="Tetap bisa",
        rhk_atasan=o.rhk_kabid,
    )  # fmt: skip
    assert rhk.pk


def test_assessor_may_still_review_a_pmm_skp(o):
    Skp.objects.filter(pk=o.skp_staf.pk).update(status="PENGAJUAN")
    skp = workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    assert skp.status == "PERSETUJUAN"


# --- assessment: the employee's filling comes from PMM, the assessor still rates -----------------------------------


@pytest.fixture
def n(nilai_org, time_machine):  # noqa: F811
    time_machine.move_to(datetime.datetime(YEAR, 2, 10, 12, 0, tzinfo=WIB), tick=False)
    nilai_org.ind = nilai_org.rhk_staf.indikator.get()
    jadi_pmm(nilai_org.skp_staf)
    nilai_org.tw1.refresh_from_db()
    return nilai_org


def test_employee_filling_is_refused_on_pmm_skp(n):
    from kinerja.core.errors import DomainError

    user = n.staf.user
    calls = [
        lambda: pengisian_services.rencana_aksi_create(
            actor=user, penilaian=n.tw1, rhk=n.rhk_staf, teks="Rencana"
        ),
        lambda: pengisian_services.bukti_create(
            actor=user, penilaian=n.final, indikator=n.ind, nama="Laporan", link="https://contoh.go.id/a"
        ),
        lambda: pengisian_services.realisasi_set(
            actor=user, penilaian=n.final, indikator=n.ind, realisasi="12"
        ),
    ]
    for call in calls:
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.message == PMM_DARI_SINKRO
    assert (
        not RencanaAksi.objects.exists()
        and not BuktiDukung.objects.exists()
        and not Realisasi.objects.exists()
    )


def test_assessor_rates_and_gives_feedback_on_pmm_skp(n):
    p = evaluasi.rating_ubah(actor=n.kabid.user, penilaian=n.tw1, aspek="hasil_kerja", rating="SESUAI")
    p = evaluasi.rating_ubah(actor=n.kabid.user, penilaian=n.tw1, aspek="perilaku", rating="SESUAI")
    p.refresh_from_db()
    assert p.predikat == "BAIK"
    fb = evaluasi.feedback_indikator_simpan(
        actor=n.kabid.user, penilaian=n.tw1, indikator=n.ind, teks="Bagus"
    )
    assert fb.pk


# --- pages -------------------------------------------------------------------------------------------------------


def test_daftar_hides_edit_buttons_and_shows_the_banner(client, o):
    PenggunaPmm.objects.create(pegawai=o.staf, instansi=o.instansi, jenis_ptk="Guru Kelas")
    client.force_login(o.staf.user)
    page = client.get(reverse("skp:daftar")).content.decode()
    assert "Akun Anda Terdaftar Sebagai Pengguna Aplikasi PMM" in page
    assert reverse("skp:edit", args=[o.skp_staf.pk]) not in page
    assert reverse("skp:hapus", args=[o.skp_staf.pk]) not in page
    assert reverse("skp:mutasi", args=[o.skp_staf.pk]) not in page
    assert reverse("skp:detail", args=[o.skp_staf.pk]) in page


class UrlsTanpaSinkron:
    urlpatterns: list = []


def test_sinkro_pmm_button_needs_the_page(settings):
    from kinerja.skp.views.daftar import _sinkron_pmm_url

    settings.ROOT_URLCONF = UrlsTanpaSinkron
    assert _sinkron_pmm_url() is None
    settings.ROOT_URLCONF = __name__
    assert _sinkron_pmm_url() == reverse("pmm_sinkron_skp")


@pytest.mark.urls(__name__)
def test_daftar_links_sinkro_pmm_when_the_page_exists(client, o):
    PenggunaPmm.objects.create(pegawai=o.staf, instansi=o.instansi)
    client.force_login(o.staf.user)
    page = client.get(reverse("skp:daftar")).content.decode()
    assert 'data-testid="sinkro-pmm"' in page and reverse("pmm_sinkron_skp") in page


def test_daftar_of_an_ordinary_user_has_no_banner(client, o, skp_staf2):
    client.force_login(o.staf2.user)
    page = client.get(reverse("skp:daftar")).content.decode()
    assert "Pengguna Aplikasi PMM" not in page
    assert reverse("skp:edit", args=[o.skp_staf2.pk]) in page
    assert reverse("skp:hapus", args=[o.skp_staf2.pk]) in page


def test_detail_hides_edit_buttons_of_a_pmm_skp(client, o, skp_staf2):
    client.force_login(o.staf.user)
    page = client.get(reverse("skp:detail", args=[o.skp_staf.pk])).content.decode()
    assert 'data-testid="skp-pmm"' in page
    for hidden in (
        reverse("skp:rhk_create", args=[o.skp_staf.pk]),
        reverse("skp:rhk_edit", args=[o.rhk_staf.pk]),
        reverse("skp:indikator_create", args=[o.rhk_staf.pk]),
        reverse("skp:ajukan", args=[o.skp_staf.pk]),
        reverse("skp:muat_ulang", args=[o.skp_staf.pk]),
        reverse("skp:lampiran_create", args=[o.skp_staf.pk]),
    ):
        assert hidden not in page
    client.force_login(o.staf2.user)
    page = client.get(reverse("skp:detail", args=[o.skp_staf2.pk])).content.decode()
    assert reverse("skp:rhk_create", args=[o.skp_staf2.pk]) in page and 'data-testid="skp-pmm"' not in page


def test_detail_for_the_assessor_keeps_edit_status_hides_ekspektasi(client, o):
    Skp.objects.filter(pk=o.skp_staf.pk).update(status="PENGAJUAN")
    client.force_login(o.kabid.user)
    page = client.get(reverse("skp:detail", args=[o.skp_staf.pk])).content.decode()
    assert "Edit Status" in page
    assert reverse("skp:ekspektasi_edit", args=[o.skp_staf.pk, 1]) not in page


def test_post_to_a_pmm_skp_form_is_refused_with_the_message(client, o):
    client.force_login(o.staf.user)
    response = client.post(reverse("skp:ajukan", args=[o.skp_staf.pk]), follow=True)
    assert PESAN in response.content.decode()
    assert Skp.objects.get(pk=o.skp_staf.pk).status == "DRAFT"


def test_pengisian_page_hides_filling_buttons_of_a_pmm_skp(client, n):
    client.force_login(n.staf.user)
    page = client.get(reverse("penilaian:pengisian", args=[n.final.pk])).content.decode()
    assert 'data-testid="pengisian-pmm"' in page
    assert reverse("penilaian:realisasi_edit", args=[n.final.pk, n.ind.pk]) not in page
    assert reverse("penilaian:bukti_tambah", args=[n.final.pk, n.ind.pk]) not in page
    response = client.get(reverse("penilaian:realisasi_edit", args=[n.final.pk, n.ind.pk]), follow=True)
    assert "SKP ini berasal dari PMM" in response.content.decode()


def test_pengisian_page_of_an_ordinary_skp_keeps_its_buttons(client, nilai_org, time_machine):  # noqa: F811
    time_machine.move_to(datetime.datetime(YEAR, 2, 10, 12, 0, tzinfo=WIB), tick=False)
    ind = nilai_org.rhk_staf.indikator.get()
    client.force_login(nilai_org.staf.user)
    page = client.get(reverse("penilaian:pengisian", args=[nilai_org.final.pk])).content.decode()
    assert reverse("penilaian:realisasi_edit", args=[nilai_org.final.pk, ind.pk]) in page
