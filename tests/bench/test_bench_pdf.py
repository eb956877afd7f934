"""Benchmark 5 (bench/pdf.py) cannot rot: built, timed and reported at a tiny size, without the worker run."""

import pytest

from bench import pdf


@pytest.mark.django_db(transaction=True)  # the job is queued on commit, as in the benchmark
def test_pdf_bench_tiny():
    fig = pdf.measure(n=3, runs=1, worker=False)
    assert fig["single"]["pages"] >= 2 and fig["single"]["median_s"] > 0
    eager = fig["eager"]
    assert (eager["status"], eager["forms"], eager["gagal"]) == ("SELESAI", 3, 0)
    assert eager["pages"] >= 3 * 2 and eager["bytes"] > 0
    text = pdf.report(fig)
    assert "| task run eagerly in this process (no broker) | 3 |" in text
    assert "forms per minute" in text and "real Celery worker" not in text


def test_report_with_a_worker_run():
    job = {
        "status": "SELESAI",
        "forms": 1000,
        "gagal": 0,
        "pages": 3000,
        "seconds": 600.0,
        "bytes": 2**20,
        "pesan": "",
    }
    fig = {
        "n": 1000, "build_s": 30.0, "batch": 50, "peak_mib_eager": 400.0, "broker": "redis://x/14",
        "single": {"runs": 7, "median_s": 0.5, "min_s": 0.4, "max_s": 0.6, "pages": 3},
        "eager": job, "worker": {**job, "status": "GAGAL", "forms": 10, "gagal": 990, "pesan": "rusak"},
    }  # fmt: skip
    text = pdf.report(fig)
    assert "| 1,000 | 3,000 | 600.0 | 0.200 | 100 | 1.0 | SELESAI |" in text
    assert (
        "real Celery worker, queue `pdf`" in text
        and "**worker: GAGAL**, 990 forms not printed: rusak" in text
    )
