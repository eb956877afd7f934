"""Cetak SKP Massal: the service's refusals and rights, the job end to end (PDF read back with pypdf), SKPs
deleted meanwhile, a failure retried then reported and printed again, the pages' rights, Unduh PDF, constant
queries (the job's reads per batch, the job page) and the queue `pdf` on a real worker."""

import io
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import OperationalError, connection
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from config.celery import app
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.harian.models import PengaturanHarian
from kinerja.laporan import cetak_job
from kinerja.laporan.models import JobCetak, StatusCetak
from kinerja.laporan.selectors_cetak import konteks_cetak_batch, skp_untuk_cetak
from kinerja.laporan.services_cetak import cetak_massal_mulai, cetak_massal_ulangi
from kinerja.laporan.tasks import cetak_skp_massal
from kinerja.skp.models import Indikator, Rhk, Skp
from kinerja.skp.selectors.detail import detail_skp
from kinerja.skp.services import perilaku, workflow
from kinerja.skp.views.cetak import TEMPLATE, cetak_context, tanggal_ttd

from ..factories import PegawaiFactory
from ..skp.conftest import YEAR

BROKER = "redis://127.0.0.1:6379/15"


@pytest.fixture(autouse=True)
def cetak_root(settings, tmp_path):
    settings.CETAK_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def cetak_org(skp_org):
    """skp_org with kabid's and staf's SKPs approved (kaban's stays DRAFT), staf's with lampiran + ekspektasi."""
    o = skp_org
    perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=2, teks="Menyusun laporan tepat waktu")
    perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis="KONSEKUENSI", teks="Teguran tertulis")
    for skp in (o.skp_kabid, o.skp_staf):
        workflow.skp_ajukan(actor=skp.pegawai.user, skp=skp)
        workflow.skp_setujui(actor=skp.penilai.user, skp=skp)
        skp.refresh_from_db()
    return o


def mulai(o, capture, **kwargs):
    """Start a job as the instansi's admin and run it (eagerly, on commit)."""
    kwargs.setdefault("tahun", YEAR)
    with capture(execute=True):
        job = cetak_massal_mulai(actor=o.admin, instansi=o.instansi, **kwargs)
    job.refresh_from_db()
    return job


def pdf_of(job) -> PdfReader:
    with job.file.open("rb") as f:
        return PdfReader(io.BytesIO(f.read()))


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def approved_skp(unit, n_rhk=2):
    """An approved SKP made directly as rows (fast), with RHK and an indicator each, in `unit`."""
    p = PegawaiFactory(unit_kerja=unit)
    skp = Skp.objects.create(
        pegawai=p,
        instansi=p.instansi,
        periode_awal=f"{YEAR}-01-01",
        periode_akhir=f"{YEAR}-12-31",
        status="PERSETUJUAN",
        model="JA_JF",
        unit_kerja=unit,
        jenis_pegawai="PEGAWAI",
        pegawai_nama=p.nama,
        pegawai_nip=p.nip,
        pegawai_unit=unit.nama,
    )
    for i in range(n_rhk):
        rhk = Rhk.objects.create(skp=skp, teks=f"Tersusunnya dokumen {i} {p.nama}", urutan=i)
        Indikator.objects.create(rhk=rhk, teks=f"Jumlah dokumen {i}", aspek="Kuantitas", target_nilai=3)
    return skp


# --- Service -----------------------------------------------------------------------------------------------------


def test_selection_is_approved_skps_of_the_year_in_the_unit_subtree(cetak_org):
    o = cetak_org
    assert set(skp_untuk_cetak(o.instansi, YEAR)) == {o.skp_kabid, o.skp_staf}  # kaban's is a DRAFT
    assert set(skp_untuk_cetak(o.instansi, YEAR, o.badan)) == {o.skp_kabid, o.skp_staf}
    assert set(skp_untuk_cetak(o.instansi, YEAR, o.bidang)) == {o.skp_kabid, o.skp_staf}
    assert not skp_untuk_cetak(o.instansi, YEAR, o.subbidang).exists()
    assert not skp_untuk_cetak(o.instansi, YEAR - 1).exists()


def test_only_the_instansi_admin_may_start(cetak_org, other_org, admin_nasional):
    o = cetak_org
    for actor in (o.staf.user, other_org.admin, None):
        with pytest.raises(PermissionDeniedError, match="Hanya admin instansi ini"):
            cetak_massal_mulai(actor=actor, instansi=o.instansi, tahun=YEAR)
    assert not JobCetak.objects.exists()
    job = cetak_massal_mulai(actor=admin_nasional, instansi=o.instansi, tahun=YEAR)
    assert job.total == 2


def test_refusals_are_in_indonesian_on_their_field(cetak_org, other_org, settings):
    o = cetak_org
    with pytest.raises(DomainError, match=f"Tidak ada SKP yang sudah disetujui untuk tahun {YEAR - 1}") as e:
        cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR - 1)
    assert e.value.field == "tahun"
    with pytest.raises(DomainError, match="unit kerja SUBBIDANG UJI dan sub unitnya") as e:
        cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR, unit=o.subbidang)
    assert e.value.field == "unit"
    with pytest.raises(DomainError, match="bukan bagian dari instansi ini") as e:
        cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR, unit=other_org.unit)
    assert e.value.field == "unit"
    with pytest.raises(DomainError, match="Tahun harus antara"):
        cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=1990)
    settings.CETAK_MASSAL_MAKS = 1
    with pytest.raises(DomainError, match=r"Terlalu banyak SKP untuk satu kali cetak \(2 SKP; batasnya 1\)"):
        cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR)
    assert not JobCetak.objects.exists()


def test_a_job_still_waiting_for_the_same_choice_is_not_started_twice(cetak_org):
    o = cetak_org
    first = cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR)  # on_commit never runs here
    with pytest.raises(DomainError, match=f"masih berjalan \\(#{first.pk}\\)"):
        cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR)
    other = cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR, unit=o.bidang)
    assert other.pk != first.pk


def test_the_task_is_routed_to_queue_pdf():
    assert cetak_skp_massal.name == "kinerja.laporan.tasks.pdf_cetak_skp_massal"
    assert app.amqp.router.route({}, cetak_skp_massal.name)["queue"].name == "pdf"
    assert cetak_skp_massal.acks_late and cetak_skp_massal.max_retries == 3


# --- The job -----------------------------------------------------------------------------------------------------


def test_job_prints_every_form_into_one_pdf(cetak_org, django_capture_on_commit_callbacks):
    o = cetak_org
    job = mulai(o, django_capture_on_commit_callbacks)
    assert job.status == StatusCetak.SELESAI
    assert (job.total, job.selesai, job.gagal, job.percobaan) == (2, 2, 0, 1)
    urutan = sorted((o.skp_kabid, o.skp_staf), key=lambda s: s.pegawai_nip)  # same unit: by NIP
    assert job.skp_ids == [s.pk for s in urutan]
    assert job.file.name.startswith("cetak/") and job.file.name.endswith(".pdf")
    reader = pdf_of(job)
    text = text_of(reader)
    for who in (o.kabid, o.staf):
        assert who.nama in text and who.nip in text
    assert "Menyusun laporan tepat waktu" in text and "Teguran tertulis" in text
    assert job.halaman == len(reader.pages) >= 2 * 2  # each form: its form page(s) and its lampiran
    assert "Halaman 1 dari" in reader.pages[0].extract_text()
    outline = [item.title for item in reader.outline]
    assert outline == [f"{s.pegawai_nip} {s.pegawai_nama}" for s in urutan]  # kaban's DRAFT is not printed
    event = AuditEvent.objects.get(action="cetak.massal_mulai")
    assert event.object_id == str(job.pk) and event.after["total"] == 2 and event.instansi_id == o.instansi.pk


def test_batch_context_renders_exactly_what_cetak_skp_renders(cetak_org):
    o = cetak_org
    PengaturanHarian.objects.create(instansi=o.instansi, aktif=True)  # the Tahapan are printed too
    skp = Skp.objects.select_related("instansi").get(pk=o.skp_staf.pk)
    single = cetak_context(detail_skp(skp), tanggal=tanggal_ttd(skp))
    batch = konteks_cetak_batch([o.skp_kabid.pk, o.skp_staf.pk, 999999], instansi_id=o.instansi.pk)
    assert set(batch) == {o.skp_kabid.pk, o.skp_staf.pk}
    assert render_to_string(TEMPLATE, batch[skp.pk]) == render_to_string(TEMPLATE, single)


def test_reads_are_constant_per_batch(cetak_org, settings):
    o = cetak_org
    settings.CETAK_BATCH = 50

    def queries(extra: int) -> int:
        for _ in range(extra):
            approved_skp(o.bidang)
        job = cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR)
        with CaptureQueriesContext(connection) as ctx:
            cetak_job.run(job.pk)
        job.refresh_from_db()
        assert job.status == StatusCetak.SELESAI and job.selesai == 2 + extra
        JobCetak.objects.filter(pk=job.pk).delete()
        return len(ctx.captured_queries)

    small = queries(0)
    assert queries(4) == small
    assert small <= 14


def test_skp_deleted_after_the_job_was_made_is_reported(cetak_org, django_capture_on_commit_callbacks):
    o = cetak_org
    gone = o.skp_staf.pk
    with django_capture_on_commit_callbacks(execute=True):
        job = cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR)
        Skp.objects.filter(pk=gone).delete()
    job.refresh_from_db()
    assert job.status == StatusCetak.SELESAI
    assert (job.selesai, job.gagal) == (1, 1)
    assert "1 SKP tidak dicetak karena sudah dihapus" in job.pesan and f"#{gone}" in job.pesan
    assert o.kabid.nip in text_of(pdf_of(job))


def test_nothing_left_to_print_fails_with_the_reason(cetak_org, django_capture_on_commit_callbacks):
    o = cetak_org
    with django_capture_on_commit_callbacks(execute=True):
        job = cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR)
        Skp.objects.filter(pk__in=[o.skp_kabid.pk, o.skp_staf.pk]).delete()
    job.refresh_from_db()
    assert job.status == StatusCetak.GAGAL and not job.file
    assert job.pesan.startswith("Tidak ada SKP yang dapat dicetak: 2 SKP tidak dicetak")


def test_failure_is_retried_then_reported_and_printed_again(
    cetak_org, cetak_root, settings, client, django_capture_on_commit_callbacks
):
    """The storage directory is a regular file: every attempt fails for real (OSError), 1 + 3 retries, then
    GAGAL with the reason; once the directory is fixed, Cetak Ulang prints it."""
    o = cetak_org
    blocker = cetak_root.parent / "bukan-direktori"
    blocker.write_text("x")
    settings.CETAK_ROOT = str(blocker)
    job = mulai(o, django_capture_on_commit_callbacks)
    assert job.status == StatusCetak.GAGAL and not job.file
    assert job.percobaan == 4
    assert job.pesan.startswith("Cetak gagal setelah 4 percobaan: berkas PDF tidak dapat ditulis")
    assert str(blocker) not in job.pesan  # no server paths shown
    client.force_login(o.admin)
    page = client.get(reverse("laporan:cetak_job", args=[job.pk])).content.decode()
    assert "Cetak gagal setelah 4 percobaan" in page and "Percobaan 4" in page and "Cetak Ulang" in page
    assert "Unduh PDF" not in page

    settings.CETAK_ROOT = str(cetak_root)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("laporan:cetak_job_ulangi", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == StatusCetak.SELESAI and job.percobaan == 5 and job.pesan == ""
    assert o.staf.nip in text_of(pdf_of(job))
    assert AuditEvent.objects.filter(action="cetak.massal_ulangi", object_id=str(job.pk)).count() == 1
    with pytest.raises(DomainError, match="Hanya pekerjaan cetak yang gagal"):
        cetak_massal_ulangi(actor=o.admin, job=job)


def test_an_attempt_that_fails_is_reported_as_retrying(cetak_org):
    o = cetak_org
    job = cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=YEAR)
    JobCetak.objects.filter(pk=job.pk).update(percobaan=1)
    cetak_job.catat_gagal(job.pk, ValueError("x"), final=False, countdown=30)
    job.refresh_from_db()
    assert job.status == StatusCetak.MENUNGGU
    assert job.pesan == (
        "Percobaan ke-1 gagal: kesalahan tak terduga saat menyusun PDF (ValueError). "
        "Dicoba lagi otomatis dalam 30 detik."
    )
    assert [cetak_job.jeda(r) for r in range(3)] == [30, 60, 120]


# --- Pages -------------------------------------------------------------------------------------------------------


def test_admin_starts_from_the_page_and_lands_on_the_job(
    cetak_org, client, django_capture_on_commit_callbacks
):
    o = cetak_org
    client.force_login(o.admin)
    page = client.get(reverse("laporan:cetak_massal"))
    assert page.status_code == 200 and "Mulai Cetak" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("laporan:cetak_massal"), {"tahun": str(YEAR), "unit": str(o.bidang.pk)}
        )
    job = JobCetak.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("laporan:cetak_job", args=[job.pk])
    assert job.unit == o.bidang and job.unit_nama == "BIDANG UJI"
    page = client.get(response["Location"]).content.decode()
    assert "Selesai" in page and "Unduh PDF" in page and "2 dari 2 SKP diproses" in page
    assert "hx-get" not in page  # finished: no more polling
    listing = client.get(reverse("laporan:cetak_massal")).content.decode()
    assert f'data-testid="cetak-{job.pk}"' in listing


def test_refusal_lands_next_to_the_field(cetak_org, client):
    client.force_login(cetak_org.admin)
    response = client.post(
        reverse("laporan:cetak_massal"), {"tahun": str(YEAR), "unit": str(cetak_org.subbidang.pk)}
    )
    assert response.status_code == 200
    assert 'data-field-error="unit"' in response.content.decode()
    assert not JobCetak.objects.exists()


def test_national_admin_picks_the_instansi(
    cetak_org, admin_nasional, client, django_capture_on_commit_callbacks
):
    client.force_login(admin_nasional)
    assert 'name="instansi"' in client.get(reverse("laporan:cetak_massal")).content.decode()
    response = client.post(reverse("laporan:cetak_massal"), {"tahun": str(YEAR)})
    assert 'data-field-error="instansi"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("laporan:cetak_massal"), {"tahun": str(YEAR), "instansi": str(cetak_org.instansi.pk)}
        )
    assert response.status_code == 302
    assert JobCetak.objects.get().instansi == cetak_org.instansi


def test_running_job_page_polls_itself(cetak_org, client):
    o = cetak_org
    job = cetak_massal_mulai(
        actor=o.admin, instansi=o.instansi, tahun=YEAR
    )  # not run: on_commit not executed
    client.force_login(o.admin)
    page = client.get(reverse("laporan:cetak_job", args=[job.pk])).content.decode()
    assert "hx-get" in page and "Menunggu antrean cetak" in page and "Unduh PDF" not in page
    part = client.get(reverse("laporan:cetak_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = part.content.decode()
    assert 'id="cetak-progress"' in body and "hx-get" in body and "<html" not in body
    assert client.get(reverse("laporan:cetak_job_unduh", args=[job.pk])).status_code == 404


def test_pages_rights(cetak_org, other_org, client, django_capture_on_commit_callbacks):
    o = cetak_org
    job = mulai(o, django_capture_on_commit_callbacks)
    urls = [
        reverse("laporan:cetak_job", args=[job.pk]),
        reverse("laporan:cetak_job_unduh", args=[job.pk]),
    ]
    for url in [reverse("laporan:cetak_massal"), *urls]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            resolve_url(settings.LOGIN_URL)
        ), url
    client.force_login(o.staf.user)
    for url in [reverse("laporan:cetak_massal"), *urls]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("laporan:cetak_job_ulangi", args=[job.pk])).status_code == 403
    client.force_login(other_org.admin)
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("laporan:cetak_job_ulangi", args=[job.pk])).status_code == 404
    assert f'data-testid="cetak-{job.pk}"' not in client.get(reverse("laporan:cetak_massal")).content.decode()


def test_download_serves_the_pdf_to_the_admin(
    cetak_org, admin_nasional, client, django_capture_on_commit_callbacks
):
    o = cetak_org
    job = mulai(o, django_capture_on_commit_callbacks)
    for user in (o.admin, admin_nasional):
        client.force_login(user)
        response = client.get(reverse("laporan:cetak_job_unduh", args=[job.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="SKP_{YEAR}_{o.instansi.kode}_{job.pk}.pdf"'
        )
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF") and len(PdfReader(io.BytesIO(body)).pages) == job.halaman
    job.file.storage.delete(job.file.name)
    assert client.get(reverse("laporan:cetak_job_unduh", args=[job.pk])).status_code == 404


def test_job_page_queries_are_constant(cetak_org, client):
    o = cetak_org
    client.force_login(o.admin)

    def queries(n_ids: int) -> int:
        job = JobCetak.objects.create(
            instansi=o.instansi, tahun=YEAR, skp_ids=list(range(n_ids)), total=n_ids, selesai=n_ids,
            status=StatusCetak.SELESAI, file="cetak/x.pdf", dimulai_oleh=o.admin, unit=o.bidang,
        )  # fmt: skip
        url = reverse("laporan:cetak_job", args=[job.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
            assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
        return len(ctx.captured_queries)

    small = queries(2)
    assert queries(5000) == small
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("laporan:cetak_massal")).status_code == 200
    assert len(ctx.captured_queries) <= 15


# --- A real worker on queue `pdf` ----------------------------------------------------------------------------------


@pytest.fixture
def redis_app():
    try:
        redis.Redis.from_url(BROKER).flushdb()
    except redis.exceptions.ConnectionError:  # pragma: no cover - CI machines run Redis
        pytest.fail("Redis is not running on 127.0.0.1:6379; the worker test needs it")
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=BROKER, task_always_eager=False, result_backend=None)
    app._pool, app.amqp._producer_pool = None, None
    yield app
    app.conf.update(**saved)
    app._pool, app.amqp._producer_pool = None, None


@pytest.mark.django_db(transaction=True)
def test_job_runs_on_a_real_worker_of_queue_pdf(redis_app, org):
    approved = [approved_skp(org.bidang, n_rhk=1) for _ in range(2)]
    with start_worker(redis_app, perform_ping_check=False, queues=["pdf"], shutdown_timeout=20):
        job = cetak_massal_mulai(actor=org.admin, instansi=org.instansi, tahun=YEAR)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            time.sleep(0.5)
            try:
                job.refresh_from_db()
            except OperationalError:  # SQLite's shared in-memory test database: the worker holds the lock
                continue
            if job.berakhir:
                break
    assert job.status == StatusCetak.SELESAI, job.pesan
    text = text_of(pdf_of(job))
    assert all(skp.pegawai_nip in text for skp in approved)
