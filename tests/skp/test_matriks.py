"""Matriks Peran Hasil: cell contents, Tambah RHK from a cell, Tambah Pegawai by NIP, sinkronisasi, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.org.models import Jabatan
from kinerja.skp.models import Indikator, MatriksAnggota, Rhk, Skp
from kinerja.skp.selectors.bawahan import matriks
from kinerja.skp.services import matriks as matriks_services
from kinerja.skp.services import rhk as rhk_services
from kinerja.skp.services import workflow
from tests.factories import PegawaiFactory

from .conftest import YEAR, add_rhk, make_skp


def _url(name, *args):
    return reverse(f"skp:{name}", args=args)


def _sel(page: str, skp_pk: int, rhk_pk: int) -> str:
    """The HTML of one Matriks cell."""
    start = page.index(f'data-testid="sel-{skp_pk}-{rhk_pk}"')
    return page[start : page.index("</td>", start)]


@pytest.fixture
def matriks_org(skp_org):
    """kabid's SKP has two RHK; staf intervenes both (one each), staf2 intervenes the first; kaban's RHK is
    intervened by kabid only."""
    o = skp_org
    o.rhk_kabid2 = add_rhk(
        o.skp_kabid, "Terselenggaranya bimbingan teknis", atasan=o.rhk_kaban, jenis="TAMBAHAN"
    )
    o.rhk_staf2 = add_rhk(o.skp_staf, "Terlaksananya bimtek kinerja", atasan=o.rhk_kabid2, indikator=2)
    o.skp_staf2 = make_skp(o.staf2)
    o.rhk_staf2_a = add_rhk(o.skp_staf2, "Terverifikasinya dokumen SKP", atasan=o.rhk_kabid)
    return o


# --- Matriks page and cells -------------------------------------------------------------------------------


def test_matriks_cells_hold_the_right_rhk(matriks_org):
    o = matriks_org
    m = matriks(o.skp_kabid)
    assert [k.rhk for k in m.kolom] == [o.rhk_kabid, o.rhk_kabid2]  # Utama first
    rows = {b.skp.pk: b for b in m.baris}
    assert set(rows) == {o.skp_staf.pk, o.skp_staf2.pk}
    assert rows[o.skp_staf.pk].sel == {o.rhk_kabid.pk: [o.rhk_staf], o.rhk_kabid2.pk: [o.rhk_staf2]}
    assert rows[o.skp_staf2.pk].sel == {o.rhk_kabid.pk: [o.rhk_staf2_a]}
    # One level up: kaban sees kabid's RHK, never staf's.
    top = matriks(o.skp_kaban)
    assert [b.skp for b in top.baris] == [o.skp_kabid]
    assert top.baris[0].sel == {o.rhk_kaban.pk: [o.rhk_kabid, o.rhk_kabid2]}


def test_matriks_page_shows_cells_with_indicators(client, matriks_org):
    o = matriks_org
    client.force_login(o.kabid.user)
    page = client.get(_url("matriks", o.skp_kabid.pk)).content.decode()
    assert "Matriks Pembagian Peran Hasil" in page
    assert f"STAF BIDANG (SKP Periode 1 Januari {YEAR} - 31 Desember {YEAR})" in page
    for ind in o.rhk_kabid.indikator.all():
        assert ind.teks in page  # column header lists my indicators
    cell = _sel(page, o.skp_staf.pk, o.rhk_kabid.pk)
    assert "Tersusunnya laporan penilaian kinerja" in cell
    assert "Jumlah Tersusunnya laporan penilaian kinerja 0" in cell  # its indicator, small
    assert "bimtek" not in cell and "Terverifikasinya" not in cell
    cell2 = _sel(page, o.skp_staf.pk, o.rhk_kabid2.pk)
    assert "Terlaksananya bimtek kinerja" in cell2 and "Tersusunnya" not in cell2
    assert "Jumlah Terlaksananya bimtek kinerja 1" in cell2
    assert _sel(page, o.skp_staf2.pk, o.rhk_kabid2.pk).count("kin-sel-rhk") == 0
    assert page.count('data-testid="tambah-rhk"') == 4  # both rows are DRAFT, 2 columns each
    assert "Lihat SKP" not in page  # drafts cannot be opened
    assert "Sinkronisasi SKP Bawahan" in page and "Tambah Pegawai" in page


def test_matriks_submitted_row_has_lihat_skp_and_no_tambah_rhk(client, matriks_org):
    o = matriks_org
    workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    client.force_login(o.kabid.user)
    page = client.get(_url("matriks", o.skp_kabid.pk)).content.decode()
    assert _url("detail", o.skp_staf.pk) in page and "Lihat SKP" in page
    assert _url("matriks_rhk_create", o.skp_kabid.pk, o.skp_staf.pk, o.rhk_kabid.pk) not in page
    assert _url("matriks_rhk_create", o.skp_kabid.pk, o.skp_staf2.pk, o.rhk_kabid.pk) in page


# --- Tambah RHK from a cell -------------------------------------------------------------------------------


def test_tambah_rhk_from_cell_creates_linked_rhk_and_indicator(client, matriks_org):
    o = matriks_org
    client.force_login(o.kabid.user)
    url = _url("matriks_rhk_create", o.skp_kabid.pk, o.skp_staf2.pk, o.rhk_kabid2.pk)
    assert "Terselenggaranya bimbingan teknis" in client.get(url).content.decode()
    data = {"jenis": "UTAMA", "klasifikasi": "INDIVIDU", "teks": "Tersusunnya modul bimtek", "indikator_aspek":
            "Kuantitas", "indikator_teks": "Jumlah modul", "indikator_target_nilai": "3",
            "indikator_target_satuan": "Modul"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    rhk = Rhk.objects.get(teks="Tersusunnya modul bimtek")
    assert rhk.skp == o.skp_staf2 and rhk.rhk_atasan == o.rhk_kabid2 and rhk.dibuat_oleh == o.kabid.user
    ind = rhk.indikator.get()
    assert (ind.teks, ind.aspek, ind.target_label) == ("Jumlah modul", "Kuantitas", "3 Modul")
    assert AuditEvent.objects.filter(action="rhk.create", object_id=str(rhk.pk), actor=o.kabid.user).exists()
    assert AuditEvent.objects.filter(action="indikator.create", object_id=str(ind.pk)).exists()
    page = client.get(response.url).content.decode()
    assert "Tersusunnya modul bimtek" in _sel(page, o.skp_staf2.pk, o.rhk_kabid2.pk)


def test_tambah_rhk_bad_indicator_keeps_input_and_saves_nothing(client, matriks_org):
    o = matriks_org
    client.force_login(o.kabid.user)
    url = _url("matriks_rhk_create", o.skp_kabid.pk, o.skp_staf2.pk, o.rhk_kabid.pk)
    data = {"jenis": "UTAMA", "klasifikasi": "INDIVIDU", "teks": "RHK dengan indikator salah",
            "indikator_teks": "Jumlah laporan", "indikator_target_nilai": "5", "indikator_target_satuan": "Laporan"}  # fmt: skip
    before = Rhk.objects.count()
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-field-error="indikator_aspek"' in page and "Pilih aspek" in page
    assert "RHK dengan indikator salah" in page  # input kept
    assert Rhk.objects.count() == before  # the RHK was rolled back with the indicator

    response = client.post(url, {**data, "teks": "", "indikator_aspek": "Kuantitas"})
    assert 'data-field-error="teks"' in response.content.decode()
    assert Rhk.objects.count() == before


def test_tambah_rhk_target_without_indicator_text_is_refused(client, matriks_org):
    o = matriks_org
    client.force_login(o.kabid.user)
    url = _url("matriks_rhk_create", o.skp_kabid.pk, o.skp_staf2.pk, o.rhk_kabid.pk)
    response = client.post(url, {"jenis": "UTAMA", "klasifikasi": "INDIVIDU", "teks": "RHK X",
                                 "indikator_target_nilai": "5"})  # fmt: skip
    assert 'data-field-error="indikator_teks"' in response.content.decode()
    assert not Rhk.objects.filter(teks="RHK X").exists()


def test_tambah_rhk_refused_when_row_not_draft(client, matriks_org):
    o = matriks_org
    workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    client.force_login(o.kabid.user)
    url = _url("matriks_rhk_create", o.skp_kabid.pk, o.skp_staf.pk, o.rhk_kabid.pk)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == _url("matriks", o.skp_kabid.pk)
    assert "hanya dapat ditambahkan saat SKP bawahan berstatus DRAFT" in response.content.decode()
    response = client.post(url, {"jenis": "UTAMA", "klasifikasi": "INDIVIDU", "teks": "Terlambat"})
    assert response.status_code == 200
    assert "SKP berstatus PENGAJUAN tidak dapat diubah" in response.content.decode()
    assert not Rhk.objects.filter(teks="Terlambat").exists()


def test_tambah_rhk_refused_to_anyone_but_the_leader(client, matriks_org):
    o = matriks_org
    url = _url("matriks_rhk_create", o.skp_kabid.pk, o.skp_staf.pk, o.rhk_kabid.pk)
    data = {"jenis": "UTAMA", "klasifikasi": "INDIVIDU", "teks": "Bukan hak saya"}
    for user in (o.staf2.user, o.kaban.user, o.admin):
        client.force_login(user)
        assert client.post(url, data).status_code == 404
    # A leader's own SKP, but a row that is not in their Matriks: 404.
    client.force_login(o.kaban.user)
    assert (
        client.get(_url("matriks_rhk_create", o.skp_kaban.pk, o.skp_staf.pk, o.rhk_kaban.pk)).status_code
        == 404
    )
    # A column RHK that is not the leader's own: 404.
    client.force_login(o.kabid.user)
    assert (
        client.get(_url("matriks_rhk_create", o.skp_kabid.pk, o.skp_staf.pk, o.rhk_kaban.pk)).status_code
        == 404
    )
    # The service itself refuses someone who is neither owner, assessor nor Matriks leader.
    with pytest.raises(PermissionDeniedError):
        rhk_services.rhk_create(actor=o.kaban.user, skp=o.skp_staf, jenis="UTAMA", klasifikasi="INDIVIDU",
                                teks="Bukan hak saya", rhk_atasan=o.rhk_kabid)  # fmt: skip
    assert not Rhk.objects.filter(teks="Bukan hak saya").exists()


# --- Tambah Pegawai by NIP, Hapus ------------------------------------------------------------------------


def test_tambah_pegawai_by_nip_then_tambah_rhk_and_hapus(client, matriks_org):
    o = matriks_org
    skp_sub = make_skp(o.anggota_sub)  # subbidang has no leader: nobody assesses this SKP
    client.force_login(o.kaban.user)
    url = _url("matriks_tambah_pegawai", o.skp_kaban.pk)
    page = client.get(url, {"nip": o.anggota_sub.nip}).content.decode()
    assert f"ANGGOTA SUBBIDANG (Periode SKP 1 Januari {YEAR} - 31 Desember {YEAR})" in page
    response = client.post(url, {"nip": o.anggota_sub.nip, "skp_anggota": skp_sub.pk})
    assert response.status_code == 302
    item = MatriksAnggota.objects.get(skp_pimpinan=o.skp_kaban, skp_anggota=skp_sub)
    assert AuditEvent.objects.filter(action="matriks.tambah_pegawai", object_id=str(item.pk)).exists()
    page = client.get(_url("matriks", o.skp_kaban.pk)).content.decode()
    assert f'data-testid="baris-{skp_sub.pk}"' in page and f'data-testid="hapus-{item.pk}"' in page
    # Tambah RHK for the added member, intervening my RHK.
    rhk_url = _url("matriks_rhk_create", o.skp_kaban.pk, skp_sub.pk, o.rhk_kaban.pk)
    client.post(rhk_url, {"jenis": "UTAMA", "klasifikasi": "ORGANISASI", "teks": "Dukungan subbidang"})
    assert Rhk.objects.get(teks="Dukungan subbidang").rhk_atasan == o.rhk_kaban
    response = client.post(_url("matriks_hapus_pegawai", o.skp_kaban.pk, item.pk))
    assert response.status_code == 302 and not MatriksAnggota.objects.filter(pk=item.pk).exists()
    assert AuditEvent.objects.filter(action="matriks.hapus_pegawai", object_id=str(item.pk)).exists()
    # Only the owner of the leader SKP may remove: someone else gets 404.
    item = matriks_services.matriks_tambah_pegawai(
        actor=o.kaban.user, skp_pimpinan=o.skp_kaban, skp_anggota=skp_sub
    )
    client.force_login(o.kabid.user)
    assert client.post(_url("matriks_hapus_pegawai", o.skp_kaban.pk, item.pk)).status_code == 404
    assert client.post(_url("matriks_hapus_pegawai", o.skp_kabid.pk, item.pk)).status_code == 404


def test_tambah_pegawai_refusals_in_the_page(client, matriks_org, other_org):
    o = matriks_org
    client.force_login(o.kaban.user)
    url = _url("matriks_tambah_pegawai", o.skp_kaban.pk)
    # Own SKP: listed, refused by the service on OK, next to the field.
    response = client.post(url, {"nip": o.kaban.nip, "skp_anggota": o.skp_kaban.pk})
    assert 'data-field-error="skp_anggota"' in response.content.decode()
    assert "SKP Anda sendiri" in response.content.decode()
    # Duplicate.
    matriks_services.matriks_tambah_pegawai(
        actor=o.kaban.user, skp_pimpinan=o.skp_kaban, skp_anggota=o.skp_staf
    )
    response = client.post(url, {"nip": o.staf.nip, "skp_anggota": o.skp_staf.pk})
    assert "sudah ada di Matriks Peran Hasil" in response.content.decode()
    assert MatriksAnggota.objects.count() == 1
    # Other instansi: not found by NIP (nothing about it is shown).
    make_skp(other_org.pegawai)
    page = client.get(url, {"nip": other_org.pegawai.nip}).content.decode()
    assert "tidak ditemukan di instansi Anda" in page and "PEGAWAI LAIN" not in page
    # Not a NIP.
    assert "18 digit" in client.get(url, {"nip": "12345"}).content.decode()
    # Non-overlapping period: not offered, and a forged choice is refused.
    lama = make_skp(o.anggota_sub, awal=datetime.date(YEAR - 1, 1, 1), akhir=datetime.date(YEAR - 1, 12, 31))
    page = client.get(url, {"nip": o.anggota_sub.nip}).content.decode()
    assert 'data-testid="tanpa-skp"' in page
    response = client.post(url, {"nip": o.anggota_sub.nip, "skp_anggota": lama.pk})
    assert "Pilih SKP dari daftar" in response.content.decode()
    assert MatriksAnggota.objects.count() == 1


def test_tambah_pegawai_service_refusals(matriks_org, other_org):
    o = matriks_org
    lama = make_skp(o.anggota_sub, awal=datetime.date(YEAR - 1, 1, 1), akhir=datetime.date(YEAR - 1, 12, 31))
    other = make_skp(other_org.pegawai)
    cases = [(o.skp_kaban, "sendiri"), (lama, "tidak beririsan"), (other, "instansi yang sama")]
    for skp, message in cases:
        with pytest.raises(DomainError, match=message) as exc:
            matriks_services.matriks_tambah_pegawai(
                actor=o.kaban.user, skp_pimpinan=o.skp_kaban, skp_anggota=skp
            )
        assert exc.value.field == "skp_anggota"
    matriks_services.matriks_tambah_pegawai(
        actor=o.kaban.user, skp_pimpinan=o.skp_kaban, skp_anggota=o.skp_staf
    )
    with pytest.raises(DomainError, match="sudah ada"):
        matriks_services.matriks_tambah_pegawai(
            actor=o.kaban.user, skp_pimpinan=o.skp_kaban, skp_anggota=o.skp_staf
        )
    with pytest.raises(PermissionDeniedError):
        matriks_services.matriks_tambah_pegawai(
            actor=o.kabid.user, skp_pimpinan=o.skp_kaban, skp_anggota=o.skp_staf2
        )
    assert AuditEvent.objects.filter(action="matriks.tambah_pegawai").count() == 1


# --- Sinkronisasi, and a JPT row ------------------------------------------------------------------------


def test_sinkronisasi_points_draft_skp_at_the_new_leader_then_tambah_rhk_for_jpt(client, matriks_org):
    o = matriks_org
    assert o.skp_kaban.penilai is None  # nobody led the root unit when kaban made the SKP
    sekda = PegawaiFactory(unit_kerja=o.root, nama="SEKRETARIS DAERAH", jenis_pegawai="PIMPINAN",
                           jabatan=Jabatan.objects.create(nama="Sekretaris Daerah", jenis="JPT", jenjang="Madya"))  # fmt: skip
    skp_sekda = make_skp(sekda)
    rhk_sekda = add_rhk(skp_sekda, "Meningkatnya tata kelola pemerintahan")
    client.force_login(sekda.user)
    page = client.get(_url("matriks", skp_sekda.pk)).content.decode()
    assert f'data-testid="baris-{o.skp_kaban.pk}"' not in page
    response = client.post(_url("matriks_sinkronisasi", skp_sekda.pk), follow=True)
    assert "1 SKP bawahan" in response.content.decode()
    o.skp_kaban.refresh_from_db()
    assert o.skp_kaban.penilai == sekda and o.skp_kaban.penilai_unit_kerja == o.root
    assert AuditEvent.objects.filter(
        action="skp.sinkronisasi_penilai", object_id=str(o.skp_kaban.pk)
    ).exists()
    assert f'data-testid="baris-{o.skp_kaban.pk}"' in response.content.decode()
    # A second run changes nothing.
    response = client.post(_url("matriks_sinkronisasi", skp_sekda.pk), follow=True)
    assert "sudah terbaru" in response.content.decode()
    # The kaban row is JPT: Penugasan dari and perspektif, no aspek / satuan.
    url = _url("matriks_rhk_create", skp_sekda.pk, o.skp_kaban.pk, rhk_sekda.pk)
    page = client.get(url).content.decode()
    assert 'name="penugasan_dari"' in page and 'name="indikator_perspektif"' in page
    assert 'name="indikator_aspek"' not in page and "Sekretaris Daerah" in page
    client.post(url, {"jenis": "UTAMA", "klasifikasi": "ORGANISASI", "teks": "Meningkatnya kualitas layanan",
                      "penugasan_dari": "Sekretaris Daerah", "indikator_teks": "Indeks kepuasan",
                      "indikator_target_nilai": "85", "indikator_perspektif": "Penerima Layanan"})  # fmt: skip
    rhk = Rhk.objects.get(teks="Meningkatnya kualitas layanan")
    assert (
        rhk.skp == o.skp_kaban and rhk.rhk_atasan == rhk_sekda and rhk.penugasan_dari == "Sekretaris Daerah"
    )
    assert rhk.indikator.get().perspektif == "Penerima Layanan"
    page = client.get(_url("matriks", skp_sekda.pk)).content.decode()
    assert "Meningkatnya kualitas layanan" in _sel(page, o.skp_kaban.pk, rhk_sekda.pk)


def test_sinkronisasi_leaves_submitted_skp(matriks_org):
    o = matriks_org
    sekda = PegawaiFactory(unit_kerja=o.root, nama="SEKDA", jenis_pegawai="PIMPINAN")
    workflow_skp = o.skp_kaban
    Skp.objects.filter(pk=workflow_skp.pk).update(status="PENGAJUAN")
    assert matriks_services.sinkronisasi_skp_bawahan(actor=sekda.user, skp_pimpinan=make_skp(sekda)) == 0
    workflow_skp.refresh_from_db()
    assert workflow_skp.penilai is None


# --- Query counts -----------------------------------------------------------------------------------------


def _more_subordinates(o, n: int) -> None:
    """`n` more members of bidang with an SKP like staf's, one RHK intervening kabid's and one indicator."""
    base = {f.attname: getattr(o.skp_staf, f.attname) for f in Skp._meta.concrete_fields if not f.primary_key}
    for _ in range(n):
        p = PegawaiFactory(unit_kerja=o.bidang)
        skp = Skp.objects.create(**{**base, "pegawai_id": p.pk, "pegawai_nama": p.nama, "pegawai_nip": p.nip})
        rhk = Rhk.objects.create(skp=skp, teks=f"RHK {p.nama}", rhk_atasan=o.rhk_kabid, rhk_atasan_teks="x")
        Indikator.objects.create(rhk=rhk, teks=f"Indikator {p.nama}", aspek="Kuantitas", target_nilai=1,
                                 target_satuan="Laporan")  # fmt: skip


def test_matriks_query_count_is_constant(client, matriks_org):
    o = matriks_org
    client.force_login(o.kabid.user)
    url = _url("matriks", o.skp_kabid.pk)
    _more_subordinates(o, 3)  # 5 rows
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _more_subordinates(o, 95)  # 100 rows
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert page.count(' id="baris-') == 100
    assert len(small.captured_queries) == len(large.captured_queries)
