"""The worker path on real Redis: a job queued on the `sync` queue is run by a real Celery worker (in a thread),
survives a network fault through Celery's retry, and applies every person exactly once."""

import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError

from config.celery import app
from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.jobs import job_create
from kinerja.integrasi.models import JobSinkronisasi, LogSinkronisasi, StatusJob

BROKER = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_app():
    try:
        redis.Redis.from_url(BROKER).flushdb()
    except redis.exceptions.ConnectionError:  # pragma: no cover - CI machines run Redis
        pytest.fail("Redis is not running on 127.0.0.1:6379; the worker test needs it")
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=BROKER, task_always_eager=False, result_backend=None)
    _forget_connections()
    yield app
    app.conf.update(**saved)
    _forget_connections()


def _forget_connections() -> None:
    """Earlier (eager) tests may have built the producer pool for the default broker; start from Redis."""
    app._pool = None
    app.amqp._producer_pool = None


def _wait(job_id: int, seconds: float = 60) -> JobSinkronisasi:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.5)
        try:
            job = JobSinkronisasi.objects.get(pk=job_id)
        except OperationalError:  # SQLite's shared in-memory test database: the worker holds the table lock
            continue
        if job.status in (StatusJob.SELESAI, StatusJob.GAGAL):
            return job
    raise AssertionError("the worker did not finish the job")


@pytest.mark.django_db(transaction=True)
def test_profile_job_on_a_real_worker(redis_app, emulator, org, settings):
    settings.INTEGRASI_BATCH = 2
    people = [org.kaban, org.kabid, org.staf, org.staf2, org.anggota_sub]
    for p in people:
        emulator.data["siasn"]["pns"][p.nip] = ds.data_utama(p, gelarBelakang="S.Kom.")
    emulator.load()
    # The third data-utama call fails once: the task is retried by Celery (countdown 2 s) and resumes.
    emulator.faults({"match": "/pns/data-utama/", "mode": "500", "after": 2, "times": 1})
    with start_worker(redis_app, perform_ping_check=False, queues=["sync"], shutdown_timeout=20):
        job = job_create(
            actor=org.admin, instansi=org.instansi, jenis="PROFIL", pegawai_ids=[p.pk for p in people]
        )
        job = _wait(job.pk)
    assert job.status == StatusJob.SELESAI
    assert (job.total, job.diproses, job.berhasil, job.gagal) == (5, 5, 5, 0)
    assert job.percobaan == 1
    for p in people:
        assert LogSinkronisasi.objects.filter(job=job, pegawai=p).count() == 1
        p.refresh_from_db()
        assert p.gelar_belakang == "S.Kom."
