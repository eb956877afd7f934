"""Running a Cetak SKP Massal job (called by the Celery task in tasks.py, queue `pdf`).

The SKPs are read and rendered in batches of CETAK_BATCH forms: one batch's reads are a constant number of
queries (selectors_cetak.konteks_cetak_batch), its forms are rendered by WeasyPrint with the very template and
context of Cetak SKP, and its pages are written as one part-PDF by WeasyPrint's own page concatenation
(`documents[0].copy(all_pages)`). The progress is saved after every batch. A rendered document keeps its layout in
memory (≈ 1.2 MB a page here), so a whole job of 1,000 forms cannot be held at once; the parts are joined into
the one PDF of the job by pypdf, with a bookmark per form (NIP and name), then stored in CetakStorage.

Each form keeps its own page numbers ("Halaman 1 dari 3") because each is laid out as its own document.
An SKP deleted after the job was made is skipped and reported; anything unexpected raises, and the task retries.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from kinerja.core.pdf import INTERNAL_BASE_URL, static_files_fetcher
from kinerja.skp.views.cetak import TEMPLATE

from .models import JobCetak, StatusCetak
from .selectors_cetak import konteks_cetak_batch

logger = logging.getLogger(__name__)

DAFTAR_HILANG_MAKS = 20  # ids of missing SKPs listed in the job's message


def batch_size() -> int:
    return max(1, int(getattr(settings, "CETAK_BATCH", 50)))


def jeda(retries: int) -> int:
    """Seconds before automatic retry number `retries + 1`: 30, 60, 120 … (at most 10 minutes)."""
    return min(int(getattr(settings, "CETAK_JEDA_DETIK", 30)) * 2**retries, 600)


def render_document(context: dict):
    """One SKP form laid out by WeasyPrint (a Document: its pages, not yet written)."""
    from weasyprint import HTML  # imported on first use, as in kinerja.core.pdf

    html = render_to_string(TEMPLATE, context)
    return HTML(string=html, base_url=INTERNAL_BASE_URL, url_fetcher=static_files_fetcher()).render()


def tulis_bagian(documents: list, target: Path) -> None:
    """Several laid-out documents as one PDF file (WeasyPrint's page concatenation)."""
    pages = [page for doc in documents for page in doc.pages]
    documents[0].copy(pages).write_pdf(target)


def gabung(
    parts: list[Path], bookmarks: list[tuple[str, int]], target: Path, *, judul: str, penulis: str
) -> int:
    """Join the part-PDFs into `target` with one bookmark per form; returns the number of pages."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part), import_outline=False)
    for title, page in bookmarks:
        writer.add_outline_item(title=title, page_number=page)
    writer.add_metadata({"/Title": judul, "/Author": penulis, "/Producer": "e-Kinerja (WeasyPrint, pypdf)"})
    with open(target, "wb") as out:
        writer.write(out)
    return len(writer.pages)


def nama_berkas(job: JobCetak) -> str:
    unit = f"-unit{job.unit_id}" if job.unit_id else ""
    return f"SKP-{job.instansi.kode}-{job.tahun}{unit}-job{job.pk}.pdf"


def judul(job: JobCetak) -> str:
    lingkup = job.unit_nama or job.instansi.nama
    return f"SKP {job.tahun} {lingkup}"


def _pesan_hilang(hilang: list[int]) -> str:
    if not hilang:
        return ""
    daftar = ", ".join(f"#{pk}" for pk in hilang[:DAFTAR_HILANG_MAKS])
    lagi = f" dan {len(hilang) - DAFTAR_HILANG_MAKS} lainnya" if len(hilang) > DAFTAR_HILANG_MAKS else ""
    return (
        f"{len(hilang)} SKP tidak dicetak karena sudah dihapus atau dipindahkan dari instansi ini setelah "
        f"pekerjaan cetak dibuat: {daftar}{lagi}."
    )


def run(job_id: int) -> JobCetak | None:
    """Print what the job lists. Unexpected errors propagate (the task retries, then reports)."""
    job = JobCetak.objects.select_related("instansi").filter(pk=job_id).first()
    if job is None or job.berakhir:
        return job
    JobCetak.objects.filter(pk=job.pk).update(
        status=StatusCetak.BERJALAN, selesai=0, gagal=0, halaman=0, percobaan=F("percobaan") + 1
    )
    ids, n = list(job.skp_ids), batch_size()
    hilang: list[int] = []
    bookmarks: list[tuple[str, int]] = []
    selesai = halaman = 0
    with tempfile.TemporaryDirectory(prefix="cetak-skp-") as tmp:
        parts: list[Path] = []
        for start in range(0, len(ids), n):
            chunk = ids[start : start + n]
            konteks = konteks_cetak_batch(chunk, instansi_id=job.instansi_id)
            documents = []
            for pk in chunk:
                context = konteks.get(pk)
                if context is None:
                    hilang.append(pk)
                    continue
                doc = render_document(context)
                skp = context["skp"]
                bookmarks.append((f"{skp.pegawai_nip} {skp.pegawai_nama}", halaman))
                halaman += len(doc.pages)
                documents.append(doc)
            if documents:
                parts.append(Path(tmp) / f"bagian-{start:07d}.pdf")
                tulis_bagian(documents, parts[-1])
            selesai += len(documents)
            del documents, konteks  # free this batch's layouts before the next one
            JobCetak.objects.filter(pk=job.pk).update(selesai=selesai, gagal=len(hilang), halaman=halaman)
        if not parts:
            JobCetak.objects.filter(pk=job.pk).update(
                status=StatusCetak.GAGAL,
                selesai_pada=timezone.now(),
                pesan="Tidak ada SKP yang dapat dicetak: " + _pesan_hilang(hilang),
            )
            job.refresh_from_db()
            return job
        merged = Path(tmp) / "gabungan.pdf"
        halaman = gabung(parts, bookmarks, merged, judul=judul(job), penulis=job.instansi.nama)
        with open(merged, "rb") as f:
            stored = job.file.field.storage.save(
                job.file.field.generate_filename(job, nama_berkas(job)), File(f)
            )
    JobCetak.objects.filter(pk=job.pk).update(
        status=StatusCetak.SELESAI,
        file=stored,
        selesai=selesai,
        gagal=len(hilang),
        halaman=halaman,
        pesan=_pesan_hilang(hilang),
        selesai_pada=timezone.now(),
    )
    job.refresh_from_db()
    return job


def sebab(exc: BaseException) -> str:
    """What went wrong, for the admin (no server paths; the full error is in the worker's log)."""
    jenis = type(exc).__name__
    if isinstance(exc, OSError):
        return f"berkas PDF tidak dapat ditulis atau disimpan di server ({jenis})"
    if isinstance(exc, DatabaseError):
        return f"data SKP tidak dapat dibaca dari basis data ({jenis})"
    return f"kesalahan tak terduga saat menyusun PDF ({jenis})"


def catat_gagal(job_id: int, exc: BaseException, *, final: bool, countdown: int) -> None:
    """Report a failed attempt on the job page: retried automatically, or (final) given up with the reason."""
    logger.error("Cetak SKP Massal #%s gagal (final=%s)", job_id, final, exc_info=exc)
    try:
        percobaan = JobCetak.objects.filter(pk=job_id).values_list("percobaan", flat=True).first() or 1
        if final:
            fields = {
                "status": StatusCetak.GAGAL,
                "selesai_pada": timezone.now(),
                "pesan": f"Cetak gagal setelah {percobaan} percobaan: {sebab(exc)}. Perbaiki penyebabnya "
                "(hubungi pengelola server bila perlu), lalu klik Cetak Ulang.",
            }
        else:
            fields = {
                "status": StatusCetak.MENUNGGU,
                "pesan": f"Percobaan ke-{percobaan} gagal: {sebab(exc)}. Dicoba lagi otomatis dalam "
                f"{countdown} detik.",
            }
        JobCetak.objects.filter(pk=job_id).update(**fields)
    except DatabaseError:  # the database itself is down: the task still retries
        logger.exception("Cetak SKP Massal #%s: status gagal tidak dapat dicatat", job_id)
