"""SKP workflow: Ajukan SKP (owner), Edit Status by the pejabat penilai: Persetujuan or back to Draft."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from kinerja.core.audit import record_many
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.konkurensi import KonflikError, cek_versi
from kinerja.core.teks import periksa_teks

from .. import rules
from ..models import JenisRhk, Skp, Status
from .common import audit, locked, require_editable, skp_snapshot

BATCH = 1000  # rows per INSERT of the bulk paths (SQLite lowers it to its own limit)


def _role(actor, skp: Skp) -> str | None:
    if skp.pegawai.user_id == actor.pk:
        return "owner"
    if skp.penilai_id and skp.penilai.user_id == actor.pk:
        return "penilai"
    return None


def _move(actor, skp: Skp, target: str, versi: int | None = None) -> dict:
    """Check a status move of the locked `skp` by `actor`; the snapshot before it. A stale `versi` (the page was
    drawn before someone else's change) and a move to the status the SKP already has (someone else made the
    same move first) are conflicts (`KonflikError`, docs/konkurensi.md)."""
    role = _role(actor, skp)
    if role is None:
        raise PermissionDeniedError("Anda bukan pemilik maupun pejabat penilai SKP ini.")
    if role == "owner":
        require_editable(skp)  # a PMM SKP's status comes from PMM; the assessor still reviews it here
    cek_versi(skp, versi, f"Status SKP saat ini: {skp.status}.")
    if skp.status == target and role in {who for (_, to), who in rules.TRANSITIONS.items() if to == target}:
        raise KonflikError(f"Status SKP sudah {target}.", versi=skp.versi)
    problem = rules.transition_problem(skp.status, target, role)
    if problem:
        if rules.TRANSITIONS.get((skp.status, target)) and role != rules.TRANSITIONS[(skp.status, target)]:
            raise PermissionDeniedError(problem)
        raise DomainError(problem)
    return skp_snapshot(skp)


def completeness_problems(skp: Skp) -> list[str]:
    """Why an SKP cannot be submitted yet (empty when it can)."""
    problems = []
    if not skp.penilai_id:
        problems.append(f"SKP belum memiliki pejabat penilai: {skp.penilai_alasan or 'lakukan Muat ulang.'}")
    rhk = list(skp.rhk.annotate(n=Count("indikator")).values("jenis", "n", "rhk_atasan_id", "teks"))
    if not any(r["jenis"] == JenisRhk.UTAMA for r in rhk):
        problems.append("SKP belum memiliki Rencana Hasil Kerja utama.")
    for r in rhk:
        if r["n"] == 0:
            problems.append(f'RHK "{r["teks"][:60]}" belum memiliki indikator.')
        if not skp.is_jpt and r["rhk_atasan_id"] is None:
            problems.append(f'RHK "{r["teks"][:60]}" belum memilih RHK atasan yang diintervensi.')
    return problems


@transaction.atomic
def skp_ajukan(*, actor, skp: Skp, versi: int | None = None) -> Skp:
    """Ajukan SKP: DRAFT → PENGAJUAN by the owner; the SKP is locked from then on."""
    skp = locked(skp)
    before = _move(actor, skp, rules.PENGAJUAN, versi)
    problems = completeness_problems(skp)
    if problems:
        raise DomainError("SKP belum dapat diajukan: " + " ".join(problems))
    skp.status = Status.PENGAJUAN
    skp.versi += 1
    skp.save(update_fields=["status", "versi", "diubah_pada"])
    audit(actor, "skp.ajukan", skp, before=before, after=skp_snapshot(skp))
    return skp


@transaction.atomic
def skp_setujui(*, actor, skp: Skp, versi: int | None = None) -> Skp:
    """Edit Status → PERSETUJUAN by the pejabat penilai."""
    skp = locked(skp)
    before = _move(actor, skp, rules.PERSETUJUAN, versi)
    skp.status = Status.PERSETUJUAN
    skp.versi += 1
    skp.save(update_fields=["status", "versi", "diubah_pada"])
    audit(actor, "skp.setujui", skp, before=before, after=skp_snapshot(skp))
    return skp


@transaction.atomic
def skp_kembalikan(*, actor, skp: Skp, catatan: str, versi: int | None = None) -> Skp:
    """Edit Status → DRAFT by the pejabat penilai, with a note; the revision counter goes up."""
    catatan = (catatan or "").strip()
    skp = locked(skp)
    before = _move(actor, skp, rules.DRAFT, versi)
    if not catatan:
        raise DomainError("Tuliskan catatan untuk pegawai: apa yang perlu diperbaiki.", field="catatan")
    periksa_teks(catatan, label="Catatan", field="catatan")
    skp.status = Status.DRAFT
    skp.revisi += 1
    skp.versi += 1
    skp.keterangan = catatan
    skp.save(update_fields=["status", "revisi", "versi", "keterangan", "diubah_pada"])
    audit(actor, "skp.kembalikan", skp, before=before, after={**skp_snapshot(skp), "catatan": catatan})
    return skp


@transaction.atomic
def skp_ubah_status(*, actor, skp: Skp, status: str, catatan: str = "", versi: int | None = None) -> Skp:
    """The seed's Edit Status dialog: one entry point for the assessor's two moves."""
    if status == rules.PERSETUJUAN:
        return skp_setujui(actor=actor, skp=skp, versi=versi)
    if status == rules.DRAFT:
        return skp_kembalikan(actor=actor, skp=skp, catatan=catatan, versi=versi)
    raise DomainError("Pilih status Persetujuan atau Draft.", field="status")


TIDAK_DITEMUKAN = "SKP tidak ditemukan."


def _tandai_ringkasan(skps: list[Skp]) -> None:
    """Recount the dashboard summary once per instansi-year, for the units of the approved SKPs."""
    from kinerja.penilaian import ringkasan  # the summary lives with the assessments

    units: dict[tuple[int, int], set[int]] = defaultdict(set)
    for s in skps:
        for tahun in range(s.periode_awal.year, s.periode_akhir.year + 1):
            units[(s.instansi_id, tahun)].add(s.unit_kerja_id)
    for (instansi_id, tahun), unit_ids in sorted(units.items()):
        ringkasan.tandai(instansi_id=instansi_id, tahun=tahun, unit_ids=unit_ids)


@transaction.atomic
def skp_setujui_banyak(
    *, actor, skps: Iterable[Skp], versi: dict[int, int] | None = None
) -> tuple[list[Skp], list[tuple[Skp, str]]]:
    """Approve several submitted SKPs at once, set-based: one SELECT … FOR UPDATE of the selection, the checks of
    `skp_setujui` in Python, one UPDATE, one bulk insert of history rows and one of audit events.

    `versi`: {skp pk: the token the page showed}, optional per SKP (docs/konkurensi.md).
    Returns (approved, refused with reasons), in the order given; the reasons are `skp_setujui`'s messages."""
    versi = versi or {}
    skps = list(skps)
    if not skps:
        return [], []
    rows = {
        s.pk: s
        for s in Skp.objects.select_for_update(of=("self",))
        .select_related("pegawai", "penilai", "instansi")
        .filter(pk__in={s.pk for s in skps})
        .order_by("pk")  # lock in one order: two bulk approvals never deadlock each other
    }
    now = timezone.now()
    approved, refused, events = [], [], []
    for given in skps:
        skp = rows.get(given.pk)
        if skp is None:
            refused.append((given, TIDAK_DITEMUKAN))
            continue
        try:
            before = _move(actor, skp, rules.PERSETUJUAN, versi.get(skp.pk))
        except DomainError as exc:
            refused.append((given, exc.message))
            continue
        skp.status, skp.diubah_pada = Status.PERSETUJUAN, now  # a repeat in the selection is then refused
        skp.versi += 1
        approved.append(skp)
        events.append(
            {"actor": actor, "action": "skp.setujui", "obj": skp, "instansi": skp.instansi, "before": before,
             "after": skp_snapshot(skp)}
        )  # fmt: skip
    if approved:
        Skp.objects.filter(pk__in=[s.pk for s in approved]).update(
            status=Status.PERSETUJUAN, versi=F("versi") + 1, diubah_pada=now
        )
        Skp.history.bulk_history_create(
            approved, update=True, default_user=actor, default_date=now, batch_size=BATCH
        )
        record_many(events, batch_size=BATCH)
        _tandai_ringkasan(approved)
    return approved, refused
