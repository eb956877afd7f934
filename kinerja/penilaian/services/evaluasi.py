"""Pemantauan dan Evaluasi (the assessor's side): feedback per indicator and per core value, the two ratings
with the predikat computed by the matrix, and the coaching notes (Pembinaan Bawahan).

Every function checks that the actor is the frozen assessor of the period and that the subordinate's SKP is
approved; every effective change writes one audit event; a no-op writes none."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kinerja.core.audit import snapshot
from kinerja.core.dates import tanggal
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.konkurensi import cek_versi
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import Indikator, Status

from .. import rules
from ..models import FeedbackIndikator, FeedbackPerilaku, Jempol, Keberatan, Pembinaan, Penilaian
from .common import audit, locked, require_penilai

ASPEK_RATING = {"hasil_kerja": "rating_hasil_kerja", "perilaku": "rating_perilaku"}
ASPEK_LABEL = {"hasil_kerja": "Rating Hasil Kerja", "perilaku": "Rating Perilaku Kerja"}
RATING_FIELDS = ["rating_hasil_kerja", "rating_perilaku", "predikat", "dinilai_pada", "dinilai_oleh"]
FEEDBACK_FIELDS = ["jempol", "teks"]


def _penilai_disetujui(actor, penilaian: Penilaian) -> Penilaian:
    """Lock the period, then refuse anyone but its assessor and an SKP that is not approved."""
    penilaian = locked(penilaian)
    require_penilai(actor, penilaian)
    if penilaian.skp.status != Status.PERSETUJUAN:
        raise DomainError(
            f"SKP {penilaian.skp.pegawai_nama} berstatus {penilaian.skp.status}. "
            "Penilaian hanya dapat dilakukan pada SKP yang sudah disetujui (PERSETUJUAN)."
        )
    return penilaian


def _clean_feedback(jempol: str, teks: str) -> tuple[str, str]:
    jempol, teks = (jempol or "").strip(), (teks or "").strip()
    if jempol and jempol not in Jempol.values:
        raise DomainError("Pilihan jempol tidak dikenal. Pilih 👍 atau 👎.", field="jempol")
    if not jempol and not teks:
        raise DomainError("Isi feedback berupa jempol (👍/👎) dan/atau kata-kata.", field="teks")
    return jempol, teks


# --- Feedback per indicator ---------------------------------------------------------------------------------


def _simpan_feedback(actor, penilaian: Penilaian, model, key: dict, jempol: str, teks: str, jenis: str):
    """Create or update one feedback row (per indicator or per core value); audit only an effective change."""
    feedback = model.objects.select_for_update().filter(penilaian=penilaian, **key).first()
    ident = {k: getattr(v, "pk", v) for k, v in key.items()}
    if feedback is None:
        feedback = model.objects.create(penilaian=penilaian, jempol=jempol, teks=teks, **key)
        audit(
            actor,
            f"penilaian.feedback_{jenis}_tambah",
            penilaian,
            obj=feedback,
            after={**ident, **snapshot(feedback, FEEDBACK_FIELDS)},
        )
        return feedback
    before = snapshot(feedback, FEEDBACK_FIELDS)
    feedback.jempol, feedback.teks = jempol, teks
    after = snapshot(feedback, FEEDBACK_FIELDS)
    if after != before:
        feedback.save(update_fields=["jempol", "teks", "diubah_pada"])
        audit(actor, f"penilaian.feedback_{jenis}_ubah", penilaian, obj=feedback, before=before, after=after)
    return feedback


@transaction.atomic
def feedback_indikator_simpan(
    *, actor, penilaian: Penilaian, indikator: Indikator, jempol: str = "", teks: str = ""
) -> FeedbackIndikator:
    """Tambah / Edit the assessor's feedback on one indicator of the period (one per indicator)."""
    penilaian = _penilai_disetujui(actor, penilaian)
    if not Indikator.objects.filter(pk=indikator.pk, rhk__skp_id=penilaian.skp_id).exists():
        raise DomainError("Indikator ini bukan bagian dari SKP yang dinilai.", field="indikator")
    jempol, teks = _clean_feedback(jempol, teks)
    return _simpan_feedback(
        actor, penilaian, FeedbackIndikator, {"indikator": indikator}, jempol, teks, "indikator"
    )


@transaction.atomic
def feedback_indikator_hapus(*, actor, feedback: FeedbackIndikator) -> None:
    _penilai_disetujui(actor, feedback.penilaian)
    before = {"indikator": feedback.indikator_id, **snapshot(feedback, FEEDBACK_FIELDS)}
    audit(actor, "penilaian.feedback_indikator_hapus", feedback.penilaian, obj=feedback, before=before)
    feedback.delete()


# --- Feedback per core value (BerAKHLAK 1..7) -----------------------------------------------------------------


@transaction.atomic
def feedback_perilaku_simpan(
    *, actor, penilaian: Penilaian, nilai: int, jempol: str = "", teks: str = ""
) -> FeedbackPerilaku:
    """Tambah / Edit the assessor's feedback on one BerAKHLAK core value (1..7)."""
    penilaian = _penilai_disetujui(actor, penilaian)
    if not 1 <= int(nilai) <= len(skp_rules.BERAKHLAK):
        raise DomainError("Nilai perilaku kerja tidak dikenal.", field="nilai")
    jempol, teks = _clean_feedback(jempol, teks)
    return _simpan_feedback(
        actor, penilaian, FeedbackPerilaku, {"nilai": int(nilai)}, jempol, teks, "perilaku"
    )


@transaction.atomic
def feedback_perilaku_hapus(*, actor, feedback: FeedbackPerilaku) -> None:
    _penilai_disetujui(actor, feedback.penilaian)
    before = {"nilai": feedback.nilai, **snapshot(feedback, FEEDBACK_FIELDS)}
    audit(actor, "penilaian.feedback_perilaku_hapus", feedback.penilaian, obj=feedback, before=before)
    feedback.delete()


# --- Ratings -> predikat ------------------------------------------------------------------------------------------


def _rating_terkini(p: Penilaian) -> str:
    """What the conflict message shows of the saved ratings (the assessor keeps their choice in the form)."""
    label = {k: rules.RATING_LABEL.get(getattr(p, field), "belum diisi") for k, field in ASPEK_RATING.items()}
    predikat = rules.PREDIKAT_LABEL.get(p.predikat, "belum ditetapkan")
    return (
        f"Tersimpan saat ini: Rating Hasil Kerja {label['hasil_kerja']}, Rating Perilaku Kerja "
        f"{label['perilaku']}, predikat {predikat}."
    )


@transaction.atomic
def rating_ubah(
    *, actor, penilaian: Penilaian, aspek: str, rating: str, versi: int | None = None
) -> Penilaian:
    """Ubah Rating Hasil Kerja or Rating Perilaku Kerja; the predikat follows from the matrix once both are set.

    Refused while a keberatan is filed or decided on the period: the atasan pejabat penilai decides it then.
    `versi`: the period's token the form was drawn with (docs/konkurensi.md); None applies under the row lock."""
    if aspek not in ASPEK_RATING:
        raise DomainError("Jenis rating tidak dikenal.", field="aspek")
    penilaian = _penilai_disetujui(actor, penilaian)
    cek_versi(penilaian, versi, _rating_terkini(penilaian))
    if rating not in rules.RATING_LABEL:
        raise DomainError(
            "Pilih salah satu: Dibawah Ekspektasi, Sesuai Ekspektasi, atau Diatas Ekspektasi.", field="rating"
        )
    if Keberatan.objects.filter(penilaian=penilaian).exists():
        raise DomainError(
            "Pegawai telah mengajukan keberatan atas predikat periode ini. Rating tidak dapat diubah oleh pejabat "
            "penilai; keberatan diputus oleh atasan pejabat penilai."
        )
    field = ASPEK_RATING[aspek]
    if getattr(penilaian, field) == rating:
        return penilaian
    before = snapshot(penilaian, RATING_FIELDS)
    setattr(penilaian, field, rating)
    predikat = rules.predikat_for(penilaian.rating_hasil_kerja, penilaian.rating_perilaku)
    penilaian.predikat = predikat or ""
    if predikat:
        penilaian.dinilai_pada = timezone.now()
        penilaian.dinilai_oleh = actor
    penilaian.versi += 1
    penilaian.save(update_fields=[*RATING_FIELDS, "versi"])
    audit(
        actor, f"penilaian.rating_{aspek}", penilaian, before=before, after=snapshot(penilaian, RATING_FIELDS)
    )
    return penilaian


# --- Pembinaan Bawahan --------------------------------------------------------------------------------------------


@transaction.atomic
def pembinaan_tambah(*, actor, penilaian: Penilaian, teks: str) -> Pembinaan:
    """A coaching note for the subordinate in this period, visible to them."""
    penilaian = _penilai_disetujui(actor, penilaian)
    teks = (teks or "").strip()
    if not teks:
        raise DomainError("Catatan pembinaan wajib diisi.", field="teks")
    catatan = Pembinaan.objects.create(penilaian=penilaian, teks=teks, oleh=penilaian.penilai)
    audit(actor, "penilaian.pembinaan_tambah", penilaian, obj=catatan, after={"teks": teks})
    return catatan


@transaction.atomic
def pembinaan_hapus(*, actor, catatan: Pembinaan) -> None:
    """Delete one's own note, until the batas of the period (afterwards it stays on the record)."""
    penilaian = locked(catatan.penilaian)
    if catatan.oleh is None or catatan.oleh.user_id != actor.pk:
        raise PermissionDeniedError("Hanya penulis catatan pembinaan yang dapat menghapusnya.")
    if timezone.localdate() > penilaian.batas_efektif:
        raise DomainError(
            f"Catatan pembinaan periode {penilaian.periode.nama} tidak dapat dihapus setelah batas periode "
            f"({tanggal(penilaian.batas_efektif)})."
        )
    audit(actor, "penilaian.pembinaan_hapus", penilaian, obj=catatan, before={"teks": catatan.teks})
    catatan.delete()
