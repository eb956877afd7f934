"""SKP workflow: Ajukan SKP (owner), Edit Status by the pejabat penilai: Persetujuan or back to Draft."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count

from kinerja.core.errors import DomainError, PermissionDeniedError

from .. import rules
from ..models import JenisRhk, Skp, Status
from .common import audit, locked, require_editable, skp_snapshot


def _role(actor, skp: Skp) -> str | None:
    if skp.pegawai.user_id == actor.pk:
        return "owner"
    if skp.penilai_id and skp.penilai.user_id == actor.pk:
        return "penilai"
    return None


def _move(actor, skp: Skp, target: str) -> dict:
    role = _role(actor, skp)
    if role is None:
        raise PermissionDeniedError("Anda bukan pemilik maupun pejabat penilai SKP ini.")
    if role == "owner":
        require_editable(skp)  # a PMM SKP's status comes from PMM; the assessor still reviews it here
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
def skp_ajukan(*, actor, skp: Skp) -> Skp:
    """Ajukan SKP: DRAFT → PENGAJUAN by the owner; the SKP is locked from then on."""
    skp = locked(skp)
    before = _move(actor, skp, rules.PENGAJUAN)
    problems = completeness_problems(skp)
    if problems:
        raise DomainError("SKP belum dapat diajukan: " + " ".join(problems))
    skp.status = Status.PENGAJUAN
    skp.save(update_fields=["status", "diubah_pada"])
    audit(actor, "skp.ajukan", skp, before=before, after=skp_snapshot(skp))
    return skp


@transaction.atomic
def skp_setujui(*, actor, skp: Skp) -> Skp:
    """Edit Status → PERSETUJUAN by the pejabat penilai."""
    skp = locked(skp)
    before = _move(actor, skp, rules.PERSETUJUAN)
    skp.status = Status.PERSETUJUAN
    skp.save(update_fields=["status", "diubah_pada"])
    audit(actor, "skp.setujui", skp, before=before, after=skp_snapshot(skp))
    return skp


@transaction.atomic
def skp_kembalikan(*, actor, skp: Skp, catatan: str) -> Skp:
    """Edit Status → DRAFT by the pejabat penilai, with a note; the revision counter goes up."""
    catatan = (catatan or "").strip()
    skp = locked(skp)
    before = _move(actor, skp, rules.DRAFT)
    if not catatan:
        raise DomainError("Tuliskan catatan untuk pegawai: apa yang perlu diperbaiki.", field="catatan")
    skp.status = Status.DRAFT
    skp.revisi += 1
    skp.keterangan = catatan
    skp.save(update_fields=["status", "revisi", "keterangan", "diubah_pada"])
    audit(actor, "skp.kembalikan", skp, before=before, after={**skp_snapshot(skp), "catatan": catatan})
    return skp


@transaction.atomic
def skp_ubah_status(*, actor, skp: Skp, status: str, catatan: str = "") -> Skp:
    """The seed's Edit Status dialog: one entry point for the assessor's two moves."""
    if status == rules.PERSETUJUAN:
        return skp_setujui(actor=actor, skp=skp)
    if status == rules.DRAFT:
        return skp_kembalikan(actor=actor, skp=skp, catatan=catatan)
    raise DomainError("Pilih status Persetujuan atau Draft.", field="status")


@transaction.atomic
def skp_setujui_banyak(*, actor, skps: Iterable[Skp]) -> tuple[list[Skp], list[tuple[Skp, str]]]:
    """Approve several submitted SKPs at once. Returns (approved, refused with reasons); one transaction."""
    approved, refused = [], []
    for skp in skps:
        try:
            with transaction.atomic():
                approved.append(skp_setujui(actor=actor, skp=skp))
        except DomainError as exc:
            refused.append((skp, exc.message))
    return approved, refused
