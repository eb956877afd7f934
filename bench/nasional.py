"""Benchmark 4: the Dashboard Nasional over a whole nation — time of the page, cold and warm.

With `BENCH_NATION_URL` (a PostgreSQL database filled by `manage.py synth_nation --pegawai 6500000`, docs/
performance.md) the page is timed there. Without it, a smaller synthetic nation (`BENCH_NATION_PEGAWAI`, default
100,000) is generated in the benchmark's throwaway database first. The page reads the summary rows
(`kinerja.penilaian.ringkasan`), so its time should not grow with the number of employees; the table below
also gives the size of the summary it read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

NAME = "nasional"
TITLE = "Benchmark 4: national dashboard"
TARGET = 1.0  # seconds, warm, at 6.5 M employees
ROOT = Path(__file__).resolve().parent.parent


def _url_of(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"


def _sizes(url: str) -> dict:
    """Row counts of the nation (exact counts of the big tables: this takes a few seconds at 6.5 M)."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        counts = {}
        for table in ("org_pegawai", "skp_skp", "penilaian_penilaian", "penilaian_ringkasanunit"):
            counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        counts["tahun"] = conn.execute("SELECT max(tahun) FROM penilaian_ringkasanunit").fetchone()[0]
    return counts


def _probe(url: str, tahun: int) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_REPLICA_URL", None)
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "nasional_probe.py"), str(tahun)],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if out.returncode:
        raise RuntimeError(f"bench/nasional_probe.py failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> str:
    from django.db import connection

    nation_url = os.environ.get("BENCH_NATION_URL", "")
    notes = []
    if nation_url:
        url = nation_url
        notes.append("Database: an existing synthetic nation (`BENCH_NATION_URL`).")
    else:
        from kinerja.synth import nation

        pegawai = int(os.environ.get("BENCH_NATION_PEGAWAI", "100000"))
        started = time.perf_counter()
        result = nation.generate(
            pegawai=pegawai, instansi=max(1, pegawai // 10_500), tahun=nation.today_year(), seed=2026,
            detail_sample=0.05, out=lambda *_: None,
        )  # fmt: skip
        connection.commit() if not connection.get_autocommit() else None
        notes.append(
            f"Database: a synthetic nation of {pegawai:,} employees generated in the benchmark's throwaway "
            f"database ({result.rows:,} rows in {time.perf_counter() - started:.0f} s, summary included). "
            "Set `BENCH_NATION_URL` to time the 6.5 M nation."
        )
        url = _url_of(connection.settings_dict)
    sizes = _sizes(url)
    if not sizes["penilaian_ringkasanunit"]:
        return "The nation has no summary rows: run `manage.py rekap_hitung` on it first."
    probe = _probe(url, sizes["tahun"])
    ok = probe["warm_median"] <= TARGET
    lines = [
        *notes,
        "",
        f"Size: {sizes['org_pegawai']:,} employees, {sizes['skp_skp']:,} SKPs, {sizes['penilaian_penilaian']:,} "
        f"assessments; the page read {sizes['penilaian_ringkasanunit']:,} summary rows' index for "
        f"{probe['instansi']:,} instansi ({probe['skp']:,} approved SKPs, {probe['dinilai']:,} rated Finals).",
        "",
        "| request | seconds |",
        "|---|---:|",
        f"| cold (first request of a new process) | {probe['cold']:.3f} |",
        f"| warm, median of 15 | {probe['warm_median']:.3f} |",
        f"| warm, slowest of 15 | {probe['warm_max']:.3f} |",
        "",
        f"Queries per request: {probe['queries']}. Target ≤ {TARGET:.0f} s warm at 6.5 M employees: "
        f"**{'yes' if ok else 'no'}**"
        + ("" if nation_url else " (at the size above; see `BENCH_NATION_URL`)")
        + ".",
    ]
    return "\n".join(lines)
