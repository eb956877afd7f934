"""SKP workflow: Ajukan SKP, the assessor's Edit Status (Persetujuan / back to Draft), every refusal, every audit."""

import pytest

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.skp.models import Rhk, Skp
from kinerja.skp.services import rhk as rhk_services
from kinerja.skp.services import workflow

from .conftest import add_rhk, make_skp


def events(action, skp):
    return AuditEvent.objects.filter(action=action, object_type="skp.Skp", object_id=str(skp.pk))


def status_of(skp) -> str:
    return Skp.objects.get(pk=skp.pk).status


def submitted(o):
    return workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)


def test_ajukan_moves_draft_to_pengajuan_and_is_audited(skp_org):
    o = skp_org
    skp = submitted(o)
    assert skp.status == "PENGAJUAN" and status_of(skp) == "PENGAJUAN"
    event = events("skp.ajukan", skp).get()
    assert event.actor == o.staf.user and event.instansi == o.instansi
    assert event.before["status"] == "DRAFT" and event.after["status"] == "PENGAJUAN"


def test_only_the_owner_submits(skp_org):
    o = skp_org
    for actor in (o.staf2.user, o.kaban.user, o.admin):  # colleague, the assessor's assessor, the admin
        with pytest.raises(PermissionDeniedError) as exc:
            workflow.skp_ajukan(actor=actor, skp=o.skp_staf)
        assert "bukan pemilik maupun pejabat penilai" in exc.value.message
    with pytest.raises(PermissionDeniedError) as exc:  # the assessor is a party, but not the one who submits
        workflow.skp_ajukan(actor=o.kabid.user, skp=o.skp_staf)
    assert "Hanya pegawai pemilik SKP" in exc.value.message
    assert status_of(o.skp_staf) == "DRAFT" and not events("skp.ajukan", o.skp_staf).exists()


def test_ajukan_twice_is_refused(skp_org):
    o = skp_org
    submitted(o)
    with pytest.raises(DomainError) as exc:
        workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    assert not isinstance(exc.value, PermissionDeniedError) and "sudah PENGAJUAN" in exc.value.message
    workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    with pytest.raises(DomainError) as exc:
        workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    assert "dari PERSETUJUAN menjadi PENGAJUAN" in exc.value.message
    assert events("skp.ajukan", o.skp_staf).count() == 1


def test_an_incomplete_skp_cannot_be_submitted(skp_org):
    o = skp_org
    skp = make_skp(o.staf2)
    with pytest.raises(DomainError) as exc:
        workflow.skp_ajukan(actor=o.staf2.user, skp=skp)
    assert "SKP belum dapat diajukan" in exc.value.message and "belum memiliki Rencana Hasil Kerja utama" in (
        exc.value.message
    )
    add_rhk(skp, "Hanya tambahan", atasan=o.rhk_kabid, jenis="TAMBAHAN")
    add_rhk(skp, "Tanpa indikator", atasan=o.rhk_kabid, indikator=0)
    problems = workflow.completeness_problems(skp)
    assert problems == ['RHK "Tanpa indikator" belum memiliki indikator.']
    with pytest.raises(DomainError):
        workflow.skp_ajukan(actor=o.staf2.user, skp=skp)
    assert status_of(skp) == "DRAFT" and not events("skp.ajukan", skp).exists()


def test_jajf_rhk_without_atasan_and_skp_without_assessor_are_incomplete(skp_org):
    o = skp_org
    rhk_services.rhk_delete(actor=o.kabid.user, rhk=o.rhk_kabid)
    assert workflow.completeness_problems(o.skp_staf) == [
        'RHK "Tersusunnya laporan penilaian kinerja" belum memilih RHK atasan yang diintervensi.'
    ]
    # Nobody claimed the subbidang: its member has no assessor, and is told why.
    skp = make_skp(o.anggota_sub)
    assert skp.penilai is None and skp.penilai_alasan
    Rhk.objects.create(skp=skp, teks="RHK tanpa penilai").indikator.create(teks="Jumlah", aspek="Kuantitas")
    problems = workflow.completeness_problems(skp)
    assert problems[0].startswith("SKP belum memiliki pejabat penilai") and skp.penilai_alasan in problems[0]
    with pytest.raises(DomainError):
        workflow.skp_ajukan(actor=o.anggota_sub.user, skp=skp)


def test_the_assessor_approves_and_it_is_audited(skp_org):
    o = skp_org
    submitted(o)
    skp = workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    assert skp.status == "PERSETUJUAN" and status_of(skp) == "PERSETUJUAN" and skp.revisi == 0
    event = events("skp.setujui", skp).get()
    assert event.actor == o.kabid.user
    assert event.before["status"] == "PENGAJUAN" and event.after["status"] == "PERSETUJUAN"


def test_nobody_but_the_assessor_approves(skp_org):
    o = skp_org
    submitted(o)
    with pytest.raises(PermissionDeniedError) as exc:
        workflow.skp_setujui(actor=o.staf.user, skp=o.skp_staf)  # the owner
    assert "Hanya pejabat penilai" in exc.value.message
    for actor in (o.kaban.user, o.staf2.user, o.admin):  # the assessor's own assessor, a colleague, the admin
        with pytest.raises(PermissionDeniedError):
            workflow.skp_setujui(actor=actor, skp=o.skp_staf)
        with pytest.raises(PermissionDeniedError):
            workflow.skp_kembalikan(actor=actor, skp=o.skp_staf, catatan="Perbaiki")
    assert status_of(o.skp_staf) == "PENGAJUAN" and not events("skp.setujui", o.skp_staf).exists()


def test_approval_needs_a_submitted_skp(skp_org):
    o = skp_org
    with pytest.raises(DomainError) as exc:
        workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    assert "dari DRAFT menjadi PERSETUJUAN" in exc.value.message
    submitted(o)
    workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    with pytest.raises(DomainError) as exc:
        workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    assert "sudah PERSETUJUAN" in exc.value.message
    assert events("skp.setujui", o.skp_staf).count() == 1


def test_returning_needs_a_note_counts_revisions_and_keeps_the_last_note(skp_org):
    o = skp_org
    submitted(o)
    with pytest.raises(DomainError) as exc:
        workflow.skp_kembalikan(actor=o.kabid.user, skp=o.skp_staf, catatan="   ")
    assert exc.value.field == "catatan" and status_of(o.skp_staf) == "PENGAJUAN"
    skp = workflow.skp_kembalikan(actor=o.kabid.user, skp=o.skp_staf, catatan=" Target terlalu rendah ")
    assert (skp.status, skp.revisi, skp.keterangan) == ("DRAFT", 1, "Target terlalu rendah")
    event = events("skp.kembalikan", skp).get()
    assert event.before["status"] == "PENGAJUAN" and event.after["status"] == "DRAFT"
    assert event.after["revisi"] == 1 and event.after["catatan"] == "Target terlalu rendah"
    # Back in DRAFT the owner changes it again and resubmits; an approved SKP can be returned too.
    add_rhk(o.skp_staf, "RHK perbaikan", atasan=o.rhk_kabid)
    submitted(o)
    workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    skp = workflow.skp_kembalikan(actor=o.kabid.user, skp=o.skp_staf, catatan="Ada mutasi tugas")
    assert (skp.status, skp.revisi, skp.keterangan) == ("DRAFT", 2, "Ada mutasi tugas")
    assert events("skp.kembalikan", skp).count() == 2


def test_returning_a_draft_is_refused(skp_org):
    o = skp_org
    with pytest.raises(DomainError) as exc:
        workflow.skp_kembalikan(actor=o.kabid.user, skp=o.skp_staf, catatan="Perbaiki")
    assert "sudah DRAFT" in exc.value.message
    with pytest.raises(DomainError):  # nor by the owner
        workflow.skp_kembalikan(actor=o.staf.user, skp=o.skp_staf, catatan="Perbaiki")
    assert Skp.objects.get(pk=o.skp_staf.pk).revisi == 0 and not events("skp.kembalikan", o.skp_staf).exists()


def test_edit_status_is_one_entry_for_both_moves(skp_org):
    o = skp_org
    submitted(o)
    with pytest.raises(DomainError) as exc:
        workflow.skp_ubah_status(actor=o.kabid.user, skp=o.skp_staf, status="PENGAJUAN")
    assert exc.value.field == "status"
    with pytest.raises(DomainError) as exc:
        workflow.skp_ubah_status(actor=o.kabid.user, skp=o.skp_staf, status="DRAFT", catatan="")
    assert exc.value.field == "catatan"
    assert (
        workflow.skp_ubah_status(actor=o.kabid.user, skp=o.skp_staf, status="DRAFT", catatan="Revisi").revisi
        == 1
    )
    submitted(o)
    assert (
        workflow.skp_ubah_status(actor=o.kabid.user, skp=o.skp_staf, status="PERSETUJUAN").status
        == "PERSETUJUAN"
    )
    assert [e.action for e in AuditEvent.objects.filter(object_type="skp.Skp", object_id=str(o.skp_staf.pk))] == [
        "skp.setujui", "skp.ajukan", "skp.kembalikan", "skp.ajukan", "skp.create",
    ]  # fmt: skip
