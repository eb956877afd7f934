"""Pulihkan refuses, with a clear message and without changing anything, when it cannot bring data back whole."""

import datetime

import pytest

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import BuktiDukung, PeriodePenilaian
from kinerja.penilaian.services import pengisian
from kinerja.penilaian.services import periode as periode_services
from kinerja.sampah.models import Jenis, Sampah
from kinerja.sampah.pulihkan import pulihkan
from kinerja.skp.models import Indikator, MatriksAnggota, Rhk, Skp
from kinerja.skp.services import periode as skp_services
from kinerja.skp.services import rhk as rhk_services
from kinerja.skp.services import workflow

from ..penilaian.conftest import make_periods, nilai_org  # noqa: F401
from ..skp.conftest import YEAR, add_rhk, make_skp, skp_org  # noqa: F401
from .sampah_helpers import isi_penilaian, isi_tabel, kembali_ke_draft


def _sampah(jenis) -> Sampah:
    return Sampah.objects.filter(jenis=jenis).latest("dihapus_pada", "pk")


def _ditolak(o, sampah: Sampah, *potongan: str, sudah: bool = False) -> str:
    """Pulihkan is refused with a message holding every `potongan`; nothing changes (`sudah`: restored before)."""
    before = isi_tabel()
    with pytest.raises(DomainError) as err:
        pulihkan(actor=o.admin, sampah=sampah)
    for teks in potongan:
        assert teks in err.value.message
    sampah.refresh_from_db()
    assert sampah.dipulihkan == sudah and isi_tabel() == before
    restores = AuditEvent.objects.filter(action="sampah.pulihkan", object_id=str(sampah.pk)).count()
    assert restores == (1 if sudah else 0)
    return err.value.message


@pytest.mark.django_db
def test_indikator_whose_rhk_is_in_the_bin_names_the_rhk_to_restore_first(skp_org):  # noqa: F811
    o = skp_org
    ind = o.rhk_staf.indikator.get()
    ind_pk = ind.pk
    rhk_services.indikator_delete(actor=o.staf.user, indikator=ind)
    rhk_services.rhk_delete(actor=o.staf.user, rhk=Rhk.objects.get(pk=o.rhk_staf.pk))
    indikator_bin, rhk_bin = _sampah(Jenis.INDIKATOR), _sampah(Jenis.RHK)
    message = _ditolak(o, indikator_bin, "Indikator ini tidak dapat dipulihkan", "RHK induknya ada di Tempat Sampah",
                       "Pulihkan terlebih dahulu: RHK", rhk_bin.label)  # fmt: skip
    assert "Tersusunnya laporan" in message
    pulihkan(actor=o.admin, sampah=rhk_bin)
    pulihkan(actor=o.admin, sampah=indikator_bin)
    assert Indikator.objects.get(pk=ind_pk).rhk_id == o.rhk_staf.pk


@pytest.mark.django_db
def test_bukti_whose_skp_was_deleted_names_the_skp_to_restore_first(nilai_org):  # noqa: F811
    o = nilai_org
    isi_penilaian(o)
    pengisian.bukti_delete(actor=o.staf.user, bukti=BuktiDukung.objects.get(pk=o.bukti.pk))
    kembali_ke_draft(o)
    skp_services.skp_delete(actor=o.staf.user, skp=Skp.objects.get(pk=o.skp_staf.pk))
    bukti_bin, skp_bin = _sampah(Jenis.BUKTI), _sampah(Jenis.SKP)
    _ditolak(
        o,
        bukti_bin,
        "Bukti Dukung ini tidak dapat dipulihkan",
        "Pulihkan terlebih dahulu: SKP",
        skp_bin.label,
    )
    pulihkan(actor=o.admin, sampah=skp_bin)
    pulihkan(actor=o.admin, sampah=bukti_bin)
    assert BuktiDukung.objects.filter(pk=o.bukti.pk).exists()


@pytest.mark.django_db
def test_parent_gone_for_good_is_said_so(skp_org):  # noqa: F811
    o = skp_org
    rhk = add_rhk(o.skp_staf, "RHK kedua", atasan=o.rhk_kabid)
    ind = rhk.indikator.get()
    rhk_services.indikator_delete(actor=o.staf.user, indikator=ind)
    Rhk.objects.filter(pk=rhk.pk).delete()  # outside the services: no bin row
    _ditolak(o, _sampah(Jenis.INDIKATOR), "RHK induknya sudah tidak ada (dihapus permanen)")


@pytest.mark.django_db
def test_rhk_into_an_skp_no_longer_draft_is_refused(skp_org):  # noqa: F811
    o = skp_org
    rhk = add_rhk(o.skp_staf, "RHK yang dihapus", atasan=o.rhk_kabid)
    rhk_pk = rhk.pk
    rhk_services.rhk_delete(actor=o.staf.user, rhk=rhk)
    workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    _ditolak(o, _sampah(Jenis.RHK), "RHK ini tidak dapat dipulihkan", "sudah berstatus PENGAJUAN",
             "mengembalikan SKP ke DRAFT")  # fmt: skip
    workflow.skp_kembalikan(actor=o.kabid.user, skp=o.skp_staf, catatan="RHK kurang.")
    pulihkan(actor=o.admin, sampah=_sampah(Jenis.RHK))
    assert Rhk.objects.get(pk=rhk_pk).teks == "RHK yang dihapus"


@pytest.mark.django_db
def test_skp_over_a_new_skp_of_the_same_year_is_refused(skp_org):  # noqa: F811
    o = skp_org
    skp_services.skp_delete(actor=o.staf.user, skp=o.skp_staf)
    baru = make_skp(o.staf, awal=datetime.date(YEAR, 7, 1))
    _ditolak(o, _sampah(Jenis.SKP), "SKP ini tidak dapat dipulihkan", "sudah memiliki SKP definitif lain",
             "1 Juli")  # fmt: skip
    skp_services.skp_delete(actor=o.staf.user, skp=baru)
    pulihkan(actor=o.admin, sampah=Sampah.objects.get(object_id=str(o.skp_staf.pk), object_type="skp.Skp"))
    assert Skp.objects.filter(pk=o.skp_staf.pk).exists()


@pytest.mark.django_db
def test_periode_that_would_break_the_set_rules_is_refused(org):
    periods = make_periods(org.instansi, tahun=YEAR)
    final = periods["final"]
    periode_services.periode_delete(actor=org.admin, periode=final)
    periode_services.periode_create(actor=org.admin, instansi=org.instansi, nama="Akhir Tahun", jenis="FINAL",
                                    awal="01-01", akhir="12-31", batas="01-31", tahun=YEAR)  # fmt: skip
    _ditolak(
        org, _sampah(Jenis.PERIODE), "Periode ini tidak dapat dipulihkan", f"periode Final untuk tahun {YEAR}"
    )
    PeriodePenilaian.objects.filter(nama="Akhir Tahun").delete()
    pulihkan(actor=org.admin, sampah=_sampah(Jenis.PERIODE))
    assert PeriodePenilaian.objects.get(pk=final.pk).nama == final.nama


@pytest.mark.django_db
def test_restored_twice_and_other_instansi_admin(skp_org, other_org):  # noqa: F811
    o = skp_org
    rhk_services.indikator_delete(actor=o.staf.user, indikator=o.rhk_staf.indikator.get())
    sampah = _sampah(Jenis.INDIKATOR)
    with pytest.raises(PermissionDeniedError):
        pulihkan(actor=other_org.admin, sampah=sampah)
    with pytest.raises(PermissionDeniedError):
        pulihkan(actor=o.staf.user, sampah=sampah)
    pulihkan(actor=o.admin, sampah=sampah)
    _ditolak(o, sampah, "sudah dipulihkan pada", sudah=True)


@pytest.mark.django_db
def test_rows_hanging_on_a_row_gone_for_good_are_left_out_and_counted(skp_org):  # noqa: F811
    """staf's SKP sits in the Matriks Peran Hasil of kaban's SKP; kaban's SKP is then removed for good: staf's SKP
    comes back without that Matriks entry, and the admin is told one related row was left out."""
    o = skp_org
    MatriksAnggota.objects.create(skp_pimpinan=o.skp_kaban, skp_anggota=o.skp_staf)
    skp_services.skp_delete(actor=o.staf.user, skp=o.skp_staf)
    Skp.objects.filter(pk=o.skp_kaban.pk).delete()  # outside the services: no bin row
    hasil = pulihkan(actor=o.admin, sampah=_sampah(Jenis.SKP))
    assert hasil.jumlah_dilewati == 1
    assert Skp.objects.filter(pk=o.skp_staf.pk).exists() and not MatriksAnggota.objects.exists()
    assert Rhk.objects.filter(skp_id=o.skp_staf.pk).count() == 1
    assert AuditEvent.objects.get(action="sampah.pulihkan").after["tidak_dipulihkan"] == 1


@pytest.mark.django_db
def test_a_related_row_whose_other_parent_is_in_the_bin_refuses(skp_org):  # noqa: F811
    """The same Matriks entry, kaban's SKP in the bin this time: restore that first, so that nothing is lost."""
    o = skp_org
    MatriksAnggota.objects.create(skp_pimpinan=o.skp_kaban, skp_anggota=o.skp_staf)
    skp_services.skp_delete(actor=o.staf.user, skp=o.skp_staf)
    staf_bin = _sampah(Jenis.SKP)
    skp_services.skp_delete(actor=o.kaban.user, skp=o.skp_kaban)
    kaban_bin = _sampah(Jenis.SKP)
    _ditolak(o, staf_bin, "SKP yang terkait dengannya ada di Tempat Sampah", kaban_bin.label)
    pulihkan(actor=o.admin, sampah=kaban_bin)
    pulihkan(actor=o.admin, sampah=staf_bin)
    assert MatriksAnggota.objects.filter(skp_pimpinan=o.skp_kaban, skp_anggota=o.skp_staf).exists()
