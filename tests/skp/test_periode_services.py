"""Tambah Periode SKP, Edit, Hapus, Muat ulang, Mutasi: every success and refusal."""

import datetime

import pytest

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.org.models import Jabatan
from kinerja.skp.models import Skp
from kinerja.skp.services import periode, workflow

from ..factories import PenugasanPltFactory
from .conftest import AKHIR, AWAL, YEAR, add_rhk, make_skp

D = datetime.date


def test_create_snapshots_both_parties(org):
    skp = make_skp(org.staf)
    assert (skp.status, skp.revisi, skp.status_pegawai) == ("DRAFT", 0, "DEFINITIF")
    assert skp.pegawai_nip == org.staf.nip and skp.pegawai_unit == "BIDANG UJI"
    assert skp.penilai == org.kabid and skp.penilai_nip == org.kabid.nip and skp.penilai_unit == "BIDANG UJI"
    assert skp.jenis_pegawai == "PEGAWAI" and skp.model == "JA_JF"
    assert AuditEvent.objects.filter(action="skp.create", object_id=str(skp.pk)).count() == 1


def test_model_follows_the_jabatan(org):
    org.kaban.jabatan = Jabatan.objects.create(nama="Kepala Badan", jenis="JPT", jenjang="Pratama")
    org.kaban.save()
    assert make_skp(org.kaban).model == "JPT"


def test_no_assessor_is_recorded_with_the_reason(org):
    skp = make_skp(org.anggota_sub)
    assert skp.penilai is None and "belum memiliki pimpinan" in skp.penilai_alasan


@pytest.mark.parametrize(
    ("awal", "akhir", "field", "message"),
    [
        (D(YEAR, 6, 1), D(YEAR + 1, 5, 31), "periode_akhir", "satu tahun kalender"),
        (D(YEAR, 6, 1), D(YEAR, 5, 31), "periode_akhir", "tidak boleh sebelum"),
    ],
)
def test_create_refuses_bad_periods(org, awal, akhir, field, message):
    with pytest.raises(DomainError) as exc:
        make_skp(org.staf, awal, akhir)
    assert exc.value.field == field and message in exc.value.message
    assert not Skp.objects.exists()


def test_definitive_periods_never_overlap_but_adjacent_is_fine(org):
    make_skp(org.staf, D(YEAR, 1, 1), D(YEAR, 6, 30))
    with pytest.raises(DomainError, match="beririsan dengan SKP definitif"):
        make_skp(org.staf, D(YEAR, 6, 30), D(YEAR, 12, 31))
    make_skp(org.staf, D(YEAR, 7, 1), D(YEAR, 12, 31))
    assert Skp.objects.filter(pegawai=org.staf).count() == 2


def test_plt_period_needs_an_active_assignment_and_may_overlap_the_definitive_one(org):
    make_skp(org.kabid)
    with pytest.raises(DomainError, match="tidak memiliki penugasan PLT"):
        make_skp(org.kabid, status_pegawai="PLT")
    tugas = PenugasanPltFactory(
        pegawai=org.kabid,
        unit_kerja=org.subbidang,
        tanggal_mulai=D(YEAR, 3, 1),
        tanggal_selesai=D(YEAR, 5, 31),
    )
    with pytest.raises(DomainError, match="masa penugasan PLT"):
        make_skp(org.kabid, D(YEAR, 7, 1), D(YEAR, 8, 31), status_pegawai="PLT", penugasan_plt=tugas)
    plt = make_skp(org.kabid, D(YEAR, 3, 1), D(YEAR, 5, 31), status_pegawai="PLT", penugasan_plt=tugas)
    assert plt.unit_kerja == org.subbidang and plt.jenis_pegawai == "PIMPINAN"
    assert plt.penilai == org.kaban  # kabid leads the parent unit himself, so the next leader up assesses
    other = PenugasanPltFactory(pegawai=org.staf, unit_kerja=org.subbidang)
    with pytest.raises(PermissionDeniedError):
        make_skp(org.kabid, status_pegawai="PLT", penugasan_plt=other)


def test_plt_skp_is_assessed_by_the_leader_above_the_acting_unit(org):
    tugas = PenugasanPltFactory(pegawai=org.staf, unit_kerja=org.subbidang, tanggal_mulai=AWAL)
    plt = make_skp(org.staf, status_pegawai="PLT", penugasan_plt=tugas)
    assert plt.penilai == org.kabid and plt.penilai_unit_kerja == org.bidang
    assert plt.pegawai_jabatan.startswith("PLT. Pimpinan SUBBIDANG UJI")


def test_only_the_employee_creates_their_skp(org):
    with pytest.raises(PermissionDeniedError):
        periode.skp_create(
            actor=org.kabid.user,
            pegawai=org.staf,
            periode_awal=AWAL,
            periode_akhir=AKHIR,
            pendekatan="KUANTITATIF",
        )


def test_edit_dates_checks_the_same_rules_and_is_audited(org):
    first = make_skp(org.staf, D(YEAR, 1, 1), D(YEAR, 6, 30))
    make_skp(org.staf, D(YEAR, 7, 1), D(YEAR, 12, 31))
    with pytest.raises(DomainError, match="beririsan"):
        periode.skp_update_periode(
            actor=org.staf.user, skp=first, periode_awal=AWAL, periode_akhir=D(YEAR, 7, 15)
        )
    periode.skp_update_periode(
        actor=org.staf.user, skp=first, periode_awal=AWAL, periode_akhir=D(YEAR, 5, 31)
    )
    first.refresh_from_db()
    assert first.periode_akhir == D(YEAR, 5, 31)
    event = AuditEvent.objects.get(action="skp.update_periode")
    assert (
        event.before["periode_akhir"] == f"{YEAR}-06-30" and event.after["periode_akhir"] == f"{YEAR}-05-31"
    )
    with pytest.raises(PermissionDeniedError):
        periode.skp_update_periode(
            actor=org.kabid.user, skp=first, periode_awal=AWAL, periode_akhir=D(YEAR, 4, 30)
        )


def test_delete_only_draft_and_only_owner(skp_org):
    o = skp_org
    with pytest.raises(PermissionDeniedError):
        periode.skp_delete(actor=o.kabid.user, skp=o.skp_staf)
    workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    with pytest.raises(DomainError, match="Hanya SKP berstatus DRAFT"):
        periode.skp_delete(actor=o.staf.user, skp=o.skp_staf)
    workflow.skp_kembalikan(actor=o.kabid.user, skp=o.skp_staf, catatan="Perbaiki target")
    periode.skp_delete(actor=o.staf.user, skp=o.skp_staf)
    assert not Skp.objects.filter(pk=o.skp_staf.pk).exists()
    assert AuditEvent.objects.filter(action="skp.delete").count() == 1


def test_muat_ulang_refreshes_the_snapshot_only_while_draft(skp_org):
    o = skp_org
    o.staf.nama = "STAF BIDANG BARU"
    o.staf.save()
    periode.skp_muat_ulang(actor=o.staf.user, skp=o.skp_staf)
    o.skp_staf.refresh_from_db()
    assert o.skp_staf.pegawai_nama.startswith("STAF BIDANG BARU")
    workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    with pytest.raises(DomainError, match="tidak dapat diubah"):
        periode.skp_muat_ulang(actor=o.staf.user, skp=o.skp_staf)


def test_mutasi_ends_old_period_moves_profile_and_copies_rhk(skp_org):
    o = skp_org
    jabatan = Jabatan.objects.create(nama="Analis Baru", jenis="JF", jenjang="Ahli Muda")
    tmt = D(YEAR, 7, 1)
    baru = periode.skp_mutasi(
        actor=o.staf.user,
        skp=o.skp_staf,
        tmt=tmt,
        unit_kerja=o.subbidang,
        jabatan=jabatan,
        pendekatan="KUANTITATIF",
        salin_rhk=True,
    )
    o.skp_staf.refresh_from_db()
    o.staf.refresh_from_db()
    assert o.skp_staf.periode_akhir == D(YEAR, 6, 30)
    assert (baru.periode_awal, baru.periode_akhir) == (tmt, AKHIR)
    assert o.staf.unit_kerja == o.subbidang and o.staf.jabatan == jabatan
    assert baru.pegawai_unit == "SUBBIDANG UJI" and baru.pegawai_jabatan == "Analis Baru"
    [copied] = baru.rhk.all()
    assert copied.teks == o.rhk_staf.teks and copied.indikator.count() == 1
    assert copied.rhk_atasan is None and not copied.atasan_hilang  # to be chosen again in the new unit
    assert {"skp.mutasi", "skp.create", "skp.salin_rhk", "profil.update"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


@pytest.mark.parametrize("tmt", [D(YEAR, 1, 1), D(YEAR + 1, 1, 1), None])
def test_mutasi_refuses_a_tmt_outside_the_old_period(skp_org, tmt):
    o = skp_org
    with pytest.raises(DomainError) as exc:
        periode.skp_mutasi(
            actor=o.staf.user,
            skp=o.skp_staf,
            tmt=tmt,
            unit_kerja=o.subbidang,
            jabatan=None,
            pendekatan="KUANTITATIF",
            salin_rhk=False,
        )
    assert exc.value.field == "tmt"
    o.skp_staf.refresh_from_db()
    assert o.skp_staf.periode_akhir == AKHIR and Skp.objects.filter(pegawai=o.staf).count() == 1


def test_mutasi_is_all_or_nothing(skp_org, other_org):
    o = skp_org
    with pytest.raises(DomainError, match="instansi Anda"):
        periode.skp_mutasi(
            actor=o.staf.user,
            skp=o.skp_staf,
            tmt=D(YEAR, 7, 1),
            unit_kerja=other_org.unit,
            jabatan=None,
            pendekatan="KUANTITATIF",
            salin_rhk=True,
        )
    o.skp_staf.refresh_from_db()
    assert o.skp_staf.periode_akhir == AKHIR and Skp.objects.filter(pegawai=o.staf).count() == 1
    assert not AuditEvent.objects.filter(action="skp.mutasi").exists()


def test_rhk_cascade_two_levels_below_a_jpt(skp_org):
    o = skp_org
    lower = add_rhk(make_skp(o.staf2), "Terkirimnya laporan", atasan=o.rhk_kabid)
    assert lower.rhk_atasan.rhk_atasan == o.rhk_kaban
