"""Bulk approval of SKP (SKP Bawahan, "pilih semua"): set-based, with the refusals of the single approval,
one history row and one audit event per approved SKP, all or nothing, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.konkurensi import KONFLIK
from kinerja.core.models import AuditEvent
from kinerja.penilaian.models_ringkasan import RingkasanUnit
from kinerja.skp.models import Skp
from kinerja.skp.services import workflow
from kinerja.skp.services.common import PMM_HANYA_LIHAT
from tests.factories import PegawaiFactory

from ..penilaian.conftest import make_periods
from .conftest import YEAR, add_rhk, make_skp


@pytest.fixture
def o(skp_org):
    """Under kabid: staf submitted (PENGAJUAN), staf2 DRAFT, staf3 already approved."""
    o = skp_org
    o.skp_staf2 = make_skp(o.staf2)
    add_rhk(o.skp_staf2, "Terverifikasinya dokumen", atasan=o.rhk_kabid)
    o.staf3 = PegawaiFactory(unit_kerja=o.bidang, nama="STAF KETIGA")
    o.skp_staf3 = make_skp(o.staf3)
    add_rhk(o.skp_staf3, "Terarsipnya dokumen", atasan=o.rhk_kabid)
    workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    workflow.skp_ajukan(actor=o.staf3.user, skp=o.skp_staf3)
    workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf3)
    return o


@pytest.fixture
def tandai(monkeypatch):
    """The calls to the dashboard summary's `tandai` (a spy; the summary itself is tested with its module)."""
    from kinerja.penilaian import ringkasan

    calls = []
    original = ringkasan.tandai

    def spy(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(ringkasan, "tandai", spy)
    return calls


def submitted(o, n: int) -> list[Skp]:
    """n more subordinates of kabid with a submitted SKP (copies of staf's)."""
    base = {f.attname: getattr(o.skp_staf, f.attname) for f in Skp._meta.concrete_fields if not f.primary_key}
    rows = []
    for _ in range(n):
        p = PegawaiFactory(unit_kerja=o.bidang)
        rows.append(
            Skp.objects.create(
                **{
                    **base,
                    "pegawai_id": p.pk,
                    "pegawai_nama": p.nama,
                    "pegawai_nip": p.nip,
                    "status": "PENGAJUAN",
                }
            )
        )
    return rows


def status(*skps) -> list[str]:
    found = dict(Skp.objects.filter(pk__in=[s.pk for s in skps]).values_list("pk", "status"))
    return [found[s.pk] for s in skps]


def events(**filters):
    return AuditEvent.objects.filter(action="skp.setujui", **filters)


# --- results and refusals -----------------------------------------------------------------------------------


def test_partial_selection_approves_the_submitted_and_keeps_the_order(o, tandai):
    approved, refused = workflow.skp_setujui_banyak(
        actor=o.kabid.user, skps=[o.skp_staf2, o.skp_staf, o.skp_staf3]
    )
    assert [s.pk for s in approved] == [o.skp_staf.pk]
    assert approved[0].status == "PERSETUJUAN" and approved[0].pegawai_nama == "STAF BIDANG"
    assert refused == [
        (o.skp_staf2, "Status SKP tidak dapat diubah dari DRAFT menjadi PERSETUJUAN."),
        (o.skp_staf3, f"{KONFLIK} Status SKP sudah PERSETUJUAN."),  # the page was stale: a conflict
    ]
    assert status(o.skp_staf, o.skp_staf2, o.skp_staf3) == ["PERSETUJUAN", "DRAFT", "PERSETUJUAN"]
    assert [(c["instansi_id"], c["tahun"], set(c["unit_ids"])) for c in tandai] == [
        (o.instansi.pk, YEAR, {o.bidang.pk})
    ]


def test_the_dashboard_summary_counts_the_approved(o):
    final = make_periods(o.instansi)["final"]
    extra = submitted(o, 3)
    workflow.skp_setujui_banyak(actor=o.kabid.user, skps=[o.skp_staf, *extra])
    row = RingkasanUnit.objects.get(unit_kerja=o.bidang, periode=final, tahun=YEAR)
    assert row.skp == 5  # staf3 (approved before), staf and the three new ones


def test_not_the_assessor_is_refused(o):
    approved, refused = workflow.skp_setujui_banyak(actor=o.kaban.user, skps=[o.skp_staf])
    assert approved == []
    assert refused == [(o.skp_staf, "Anda bukan pemilik maupun pejabat penilai SKP ini.")]
    assert status(o.skp_staf) == ["PENGAJUAN"] and not events(object_id=str(o.skp_staf.pk)).exists()


def test_the_owner_cannot_approve_their_own(o):
    approved, refused = workflow.skp_setujui_banyak(actor=o.staf.user, skps=[o.skp_staf])
    assert approved == [] and refused == [
        (o.skp_staf, "Hanya pejabat penilai SKP ini yang dapat mengubah statusnya.")
    ]


def test_pmm_skp_is_approved_by_the_assessor_and_refused_to_the_owner(o):
    Skp.objects.filter(pk=o.skp_staf.pk).update(sumber="PMM")
    _, refused = workflow.skp_setujui_banyak(actor=o.staf.user, skps=[o.skp_staf])
    assert refused == [(o.skp_staf, PMM_HANYA_LIHAT)]
    approved, refused = workflow.skp_setujui_banyak(actor=o.kabid.user, skps=[o.skp_staf])
    assert [s.pk for s in approved] == [o.skp_staf.pk] and refused == []


def test_another_instansis_skp_is_refused(o, other_org):
    lain = make_skp(other_org.pegawai)
    Skp.objects.filter(pk=lain.pk).update(status="PENGAJUAN")
    approved, refused = workflow.skp_setujui_banyak(actor=o.kabid.user, skps=[lain, o.skp_staf])
    assert [s.pk for s in approved] == [o.skp_staf.pk]
    assert refused == [(lain, "Anda bukan pemilik maupun pejabat penilai SKP ini.")]
    assert status(lain) == ["PENGAJUAN"] and not events(instansi=other_org.instansi).exists()


def test_a_repeat_and_a_vanished_skp_are_refused(o):
    hilang = Skp(pk=987654, pegawai_nama="TIDAK ADA")
    approved, refused = workflow.skp_setujui_banyak(actor=o.kabid.user, skps=[o.skp_staf, o.skp_staf, hilang])
    assert len(approved) == 1
    assert refused == [
        (o.skp_staf, f"{KONFLIK} Status SKP sudah PERSETUJUAN."),
        (hilang, "SKP tidak ditemukan."),
    ]
    assert events(object_id=str(o.skp_staf.pk)).count() == 1


def test_nothing_selected_writes_nothing(o, tandai):
    assert workflow.skp_setujui_banyak(actor=o.kabid.user, skps=[]) == ([], [])
    assert tandai == []


# --- history and audit --------------------------------------------------------------------------------------


def test_history_and_audit_one_per_approved_skp_as_the_single_approval_writes_them(o):
    extra = submitted(o, 3)
    single = submitted(o, 1)[0]
    workflow.skp_setujui(actor=o.kabid.user, skp=single)
    last = Skp.history.order_by("-history_id").values_list("history_id", flat=True).first()
    approved, _ = workflow.skp_setujui_banyak(actor=o.kabid.user, skps=[o.skp_staf, o.skp_staf2, *extra])
    assert len(approved) == 4
    rows = list(Skp.history.filter(history_id__gt=last))
    assert sorted(h.id for h in rows) == sorted(s.pk for s in approved)
    assert {(h.history_type, h.status, h.history_user_id) for h in rows} == {
        ("~", "PERSETUJUAN", o.kabid.user.pk)
    }
    assert not Skp.history.filter(id=o.skp_staf2.pk, status="PERSETUJUAN").exists()

    reference = events(object_id=str(single.pk)).get()
    for skp in approved:
        event = events(object_id=str(skp.pk)).get()
        assert event.before["status"] == "PENGAJUAN" and event.after["status"] == "PERSETUJUAN"
        assert set(event.before) == set(reference.before) and set(event.after) == set(reference.after)
        assert {k: v for k, v in event.after.items() if k != "status"} == {
            k: v for k, v in event.before.items() if k != "status"
        }
        assert (event.actor, event.actor_label, event.object_type, event.instansi) == (
            reference.actor,
            reference.actor_label,
            reference.object_type,
            reference.instansi,
        )
        assert event.object_label == str(Skp.objects.get(pk=skp.pk))
    assert not events(object_id=str(o.skp_staf2.pk)).exists()


def test_updated_time_moves_for_the_approved_only(o):
    before = dict(Skp.objects.values_list("pk", "diubah_pada"))
    workflow.skp_setujui_banyak(actor=o.kabid.user, skps=[o.skp_staf, o.skp_staf2])
    after = dict(Skp.objects.values_list("pk", "diubah_pada"))
    assert after[o.skp_staf.pk] > before[o.skp_staf.pk] and after[o.skp_staf2.pk] == before[o.skp_staf2.pk]


def test_a_failure_after_the_update_leaves_nothing_half_done(o, monkeypatch):
    extra = submitted(o, 2)
    counts = (Skp.history.count(), AuditEvent.objects.count())

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(workflow, "record_many", broken)
    with pytest.raises(RuntimeError):
        workflow.skp_setujui_banyak(actor=o.kabid.user, skps=[o.skp_staf, *extra])
    assert status(o.skp_staf, *extra) == ["PENGAJUAN"] * 3
    assert (Skp.history.count(), AuditEvent.objects.count()) == counts


# --- query counts -------------------------------------------------------------------------------------------


def _approve_counting(o, skps) -> int:
    with CaptureQueriesContext(connection) as ctx:
        approved, refused = workflow.skp_setujui_banyak(actor=o.kabid.user, skps=skps)
    assert len(approved) == len(skps) and refused == []
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_2_and_20_skps(o):
    small = _approve_counting(o, submitted(o, 2))
    large = _approve_counting(o, submitted(o, 20))
    assert small == large


def test_view_query_count_is_the_same_for_2_and_20_skps(client, o):
    client.force_login(o.kabid.user)
    url = reverse("skp:bawahan_setujui", args=[o.skp_kabid.pk])
    counts = []
    for n in (2, 20):
        ids = [s.pk for s in submitted(o, n)]
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url, {"skp": ids})
        assert response.status_code == 302
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    page = client.get(reverse("skp:bawahan", args=[o.skp_kabid.pk])).content.decode()
    assert "20 SKP disetujui" in page
