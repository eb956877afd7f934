"""Feedback Perilaku rekan kerja: a colleague of the same instansi comments on each BerAKHLAK value of an SKP."""

from __future__ import annotations

from django.db import transaction

from kinerja.core.audit import record, snapshot
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Pegawai
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import Skp

from ..models import FeedbackRekan

FIELDS = ["skp", "pemberi", "nilai", "teks"]
TEKS_MAKS = 2000


def _pemberi(actor) -> Pegawai:
    pegawai = Pegawai.objects.filter(user_id=actor.pk, aktif=True).first() if actor.is_authenticated else None
    if pegawai is None:
        raise PermissionDeniedError("Hanya pegawai yang dapat memberikan feedback perilaku rekan kerja.")
    return pegawai


def check_rekan(pemberi: Pegawai, skp: Skp) -> None:
    """A colleague gives feedback on someone else's SKP of the same instansi."""
    if skp.instansi_id != pemberi.instansi_id:
        raise PermissionDeniedError(
            "Feedback hanya dapat diberikan kepada rekan kerja di instansi yang sama."
        )
    if skp.pegawai_id == pemberi.pk:
        raise DomainError("Feedback perilaku rekan kerja tidak dapat diberikan pada SKP Anda sendiri.")


def _nilai(nilai: int) -> int:
    if not isinstance(nilai, int) or not 1 <= nilai <= len(skp_rules.BERAKHLAK):
        raise DomainError("Nilai perilaku kerja tidak dikenal.", field="nilai")
    return nilai


@transaction.atomic
def feedback_rekan_simpan(*, actor, skp: Skp, nilai: int, teks: str) -> FeedbackRekan:
    """Write (or rewrite) the actor's comment on one core value of a colleague's SKP."""
    pemberi = _pemberi(actor)
    check_rekan(pemberi, skp)
    nilai = _nilai(nilai)
    teks = (teks or "").strip()
    if not teks:
        raise DomainError("Feedback wajib diisi.", field="teks")
    if len(teks) > TEKS_MAKS:
        raise DomainError(f"Feedback paling banyak {TEKS_MAKS} karakter.", field="teks")
    item = FeedbackRekan.objects.select_for_update().filter(skp=skp, pemberi=pemberi, nilai=nilai).first()
    if item is None:
        item = FeedbackRekan.objects.create(skp=skp, pemberi=pemberi, nilai=nilai, teks=teks)
        record(
            actor=actor,
            action="penilaian.feedback_rekan_tambah",
            obj=item,
            instansi=skp.instansi,
            after=snapshot(item, FIELDS),
        )
        return item
    if item.teks != teks:
        before = snapshot(item, FIELDS)
        item.teks = teks
        item.save(update_fields=["teks"])
        record(
            actor=actor,
            action="penilaian.feedback_rekan_ubah",
            obj=item,
            instansi=skp.instansi,
            before=before,
            after=snapshot(item, FIELDS),
        )
    return item


@transaction.atomic
def feedback_rekan_hapus(*, actor, feedback: FeedbackRekan) -> None:
    """Only the giver deletes their own comment."""
    pemberi = _pemberi(actor)
    if feedback.pemberi_id != pemberi.pk:
        raise PermissionDeniedError("Hanya pemberi feedback yang dapat menghapusnya.")
    record(
        actor=actor,
        action="penilaian.feedback_rekan_hapus",
        obj=feedback,
        instansi=feedback.skp.instansi,
        before=snapshot(feedback, FIELDS),
    )
    feedback.delete()
