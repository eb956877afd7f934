"""Benchmark 1: the deadline-day mix under load, side by side with a bare view (docs/benchmark-beban.md).

In the throwaway PostgreSQL database of bench/run.py: one synthetic instansi (kinerja.synth, detail rows),
50 leaders who fill their own Final assessment and rate their subordinates, a known password for them
(bench/deadline_mix.py). Then gunicorn (config/gunicorn.conf.py, the documented worker count, DEBUG off) on
127.0.0.1 and locust (bench/locustfile.py) headless against it, bounded in users and time: a short warm-up, the
bare view `GET /healthz/db` (one indexed query), then the mix — open Pengisian, Edit Realisasi, Tambah Bukti
Dukung, Ubah Rating Hasil Kerja of a subordinate, Rekap Penilaian Bawahan. Every POST must redirect to its page;
a form sent back (200, `is-invalid`) or any other status is a failure.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.deadline_mix import BARE, LOGIN, MIX, Step, build, check, login_steps, mix_steps, send

NAME = "deadline_day"
TITLE = "Benchmark 1: deadline-day mix under load"
ROOT = Path(__file__).resolve().parent.parent

PEGAWAI = int(os.environ.get("DEADLINE_PEGAWAI", 5000))
USERS = int(os.environ.get("DEADLINE_USERS", 50))
SPAWN_RATE = 10
SECONDS = int(os.environ.get("DEADLINE_SECONDS", 60))
WARMUP_SECONDS = 10
TARGET_MEDIAN, TARGET_P95 = 2.0, 3.0


# --- Server and load ---------------------------------------------------------------------------------------------


def workers() -> int:
    """The documented worker count (config/gunicorn.conf.py): GUNICORN_WORKERS or 2 x CPU + 1."""
    return int(os.environ.get("GUNICORN_WORKERS") or 2 * (os.cpu_count() or 1) + 1)


def server_env(port: int) -> dict:
    from django.db import connection

    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(
        DATABASE_URL=f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), DJANGO_SETTINGS_MODULE="config.settings",
        SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="ERROR",
        GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers()), GUNICORN_LOG_LEVEL="warning",
    )  # fmt: skip
    env.pop("GUNICORN_ACCESS_LOG", None)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn not ready after {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def login_all(host: str, accounts: list[dict], threads: int) -> list[float]:
    """Log every account in through the real login form (CSRF, Argon2) before the load, `threads` at a time, and
    keep its cookies in the account: the measured phases then hold only the mix. Returns the login times (ms)."""
    import http.cookiejar
    from concurrent.futures import ThreadPoolExecutor
    from urllib.error import HTTPError
    from urllib.parse import urlencode

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def one(account: dict) -> float:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        started = time.perf_counter()
        for step in login_steps(account):
            token = next((c.value for c in jar if c.name == "csrftoken"), "")
            data = (
                urlencode({**step.data, "csrfmiddlewaretoken": token}).encode()
                if step.method == "POST"
                else None
            )
            try:
                with opener.open(f"{host}{step.url}", data=data, timeout=120) as r:
                    status, location, body = r.status, r.headers.get("Location") or "", r.read()
            except HTTPError as e:  # 3xx and 4xx/5xx arrive here once redirects are not followed
                status, location, body = e.code, e.headers.get("Location") or "", e.read()
            if error := check(step, status, location, body):
                raise RuntimeError(f"login of {account['username']}: {error}")
        account["cookies"] = {c.name: c.value for c in jar if c.name in ("sessionid", "csrftoken")}
        return (time.perf_counter() - started) * 1000

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, accounts))


def run_locust(user_class: str, *, host: str, env: dict, users: int, seconds: int, prefix: Path) -> dict:
    """One headless locust run; returns {"entries": [...], "failures": Counter}."""
    cmd = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "-u", str(users), "-r", str(SPAWN_RATE), "-t", f"{seconds}s", "--host", host, "--only-summary",
        "--json-file", str(prefix), "--csv", str(prefix), "--exit-code-on-error", "0", "--loglevel", "ERROR",
        user_class,
    ]  # fmt: skip
    subprocess.run(cmd, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, timeout=seconds + 120)
    entries = json.loads(Path(f"{prefix}.json").read_text())
    failures = Counter()
    failures_csv = Path(f"{prefix}_failures.csv")
    if failures_csv.exists():
        import csv

        for row in csv.DictReader(failures_csv.open(encoding="utf-8")):
            failures[f"{row['Name']}: {row['Error']}"] += int(row["Occurrences"])
    return {"entries": entries, "failures": failures}


# --- Figures ---------------------------------------------------------------------------------------------------------


@dataclass
class Figures:
    name: str
    requests: int
    failures: int
    median: float
    p95: float
    rps: float


def percentile(times: dict, count: int, pct: float) -> float:
    """Locust's own rule (stats.calculate_response_time_percentile) over a merged histogram."""
    keep = int(count * pct)
    done = 0
    for t in sorted(times, reverse=True):
        done += times[t]
        if count - done <= keep:
            return float(t)
    return 0.0


def figures(name: str, entries: list[dict]) -> Figures:
    if not entries:
        return Figures(name, 0, 0, 0.0, 0.0, 0.0)
    times: Counter = Counter()
    for e in entries:
        times.update({int(k): v for k, v in e["response_times"].items()})
    n = sum(e["num_requests"] for e in entries)
    span = max((e["last_request_timestamp"] or 0) for e in entries) - min(e["start_time"] for e in entries)
    return Figures(
        name, n, sum(e["num_failures"] for e in entries), percentile(times, n, 0.5), percentile(times, n, 0.95),
        n / span if span > 0 else 0.0,
    )  # fmt: skip


def by_name(entries: list[dict], names) -> list[dict]:
    return [e for e in entries if e["name"] in names]


# --- In-process breakdown -------------------------------------------------------------------------------------------


def breakdown(account: dict, rounds: int = 5) -> dict[str, tuple[int, float, float]]:
    """Per request type: (queries, SQL ms, total ms), medians of `rounds` requests through Django's test client."""
    from django.db import connection
    from django.template.base import Template
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # bench/run.py's test environment instruments every template render for the test client; time the real one.
    instrumented, Template._render = Template._render, lambda self, context: self.nodelist.render(context)
    try:
        client = Client(enforce_csrf_checks=True)
        for step in login_steps(account):
            send(client, step)
        samples: dict[str, list[tuple[int, float, float]]] = {}
        for i in range(1000, 1000 + rounds):
            for step in [*mix_steps(account, i), Step(BARE, "GET", "/healthz/db")]:
                with CaptureQueriesContext(connection) as q:
                    started = time.perf_counter()
                    error = send(client, step)
                    took = (time.perf_counter() - started) * 1000
                if error:
                    raise RuntimeError(f"{step.name}: {error}")
                sql = sum(float(x["time"]) for x in q.captured_queries) * 1000
                samples.setdefault(step.name, []).append((len(q), sql, took))
    finally:
        Template._render = instrumented
    return {
        name: tuple(statistics.median(s[j] for s in rows) for j in range(3)) for name, rows in samples.items()
    }


# --- The benchmark -----------------------------------------------------------------------------------------------------


def run() -> str:
    # Not `import locust` here: it monkey-patches this process with gevent. Locust runs in its own process.
    from importlib.metadata import version

    locust_version, gunicorn_version = (
        version("locust"),
        version("gunicorn"),
    )  # installed? fail before the data
    load_before = os.getloadavg()[0]
    accounts, info = build(pegawai=PEGAWAI, users=USERS, out=print)
    if len(accounts) < USERS:
        raise RuntimeError(f"only {len(accounts)} leaders with subordinates, {USERS} needed")
    port = free_port()
    env = server_env(port)
    host = f"http://127.0.0.1:{port}"
    # the production static files storage needs its manifest, as in docs/deployment.md step 5
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "config" / "gunicorn.conf.py")], env=env, cwd=ROOT
    )
    with tempfile.TemporaryDirectory(prefix="deadline-") as tmp:
        try:
            wait_ready(f"{host}/healthz", server)
            print(
                f"  gunicorn {gunicorn_version}, {workers()} sync workers on {host}; logging {len(accounts)} in"
            )
            info["login_ms"] = login_all(host, accounts, threads=workers())
            accounts_file = Path(tmp) / "accounts.json"
            accounts_file.write_text(json.dumps(accounts), encoding="utf-8")
            load_env = {**env, "DEADLINE_ACCOUNTS": str(accounts_file)}
            phases = {}
            for key, user_class, users, seconds in (
                ("warm-up", "MixUser", 10, WARMUP_SECONDS),
                ("bare", "BareUser", USERS, SECONDS),
                ("mix", "MixUser", USERS, SECONDS),
            ):
                print(f"  {key}: {users} users, {seconds} s")
                phases[key] = run_locust(
                    user_class, host=host, env=load_env, users=users, seconds=seconds, prefix=Path(tmp) / key
                )
        finally:
            info["load"] = (load_before, os.getloadavg()[0])
            stop(server)
    parts = breakdown(accounts[0])
    return report(
        info,
        phases["bare"],
        phases["mix"],
        parts,
        locust_version=locust_version,
        gunicorn_version=gunicorn_version,
    )


def login_text(info: dict) -> str:
    times = sorted(info.get("login_ms") or [])
    if not times:
        return "no login timed"
    return f"{len(times)} logins, median {statistics.median(times):.0f} ms, slowest {times[-1]:.0f} ms"


def report(
    info: dict, bare: dict, mix: dict, parts: dict, *, locust_version: str, gunicorn_version: str
) -> str:
    rows = [figures(n, by_name(mix["entries"], {n})) for n in MIX if by_name(mix["entries"], {n})]
    total = figures("**mix, all five**", by_name(mix["entries"], set(MIX)))
    base = figures("**bare view** `GET /healthz/db`", by_name(bare["entries"], {BARE}))
    logins = by_name(mix["entries"], {LOGIN})
    r_med = total.median / base.median if base.median else float("inf")
    r_p95 = total.p95 / base.p95 if base.p95 else float("inf")
    errors = total.failures + base.failures + sum(e["num_failures"] for e in logins)
    yes = lambda ok: "**yes**" if ok else "**no**"  # noqa: E731
    lines = [
        f"Data: one synthetic instansi of {info['pegawai']:,} employees (`kinerja.synth`, detail rows: RHK, "
        f"indicators, realisasi, bukti dukung), {info['rows']:,} rows. {USERS} accounts, each a leader who fills "
        f"their own Final assessment (Tahun {info['tahun']}, batas {info['batas']:%d-%m-%Y}, open today) and rates "
        f"their subordinates ({info['bawahan']} subordinates, {info['indikator']} own indicators in all).",
        "",
        f"Server: gunicorn {gunicorn_version} with `config/gunicorn.conf.py`, **{workers()} sync workers** "
        "(2 × CPU + 1), DEBUG off, on 127.0.0.1; PostgreSQL on the same machine. Load: locust "
        f"{locust_version} (`bench/locustfile.py`, FastHttpUser, one process) on the same CPUs, {USERS} users "
        f"spawned {SPAWN_RATE}/s, {SECONDS} s per phase, no think time (each user sends its next request as soon "
        f"as the last one answered); a {WARMUP_SECONDS} s warm-up of the mix first, not counted. Both phases in "
        "one run on the same server, one after the other. POSTs are not followed: a save must answer 302 to its "
        "page (anchor checked); anything else, or a form sent back with `is-invalid`, counts as a failure. "
        f"The accounts logged in through the real login form (CSRF, Argon2) before the load, {workers()} at a "
        f"time: {login_text(info)}.",
        "",
        "| request | requests | failures | median ms | p95 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for f in [*rows, total, base]:
        lines.append(
            f"| {f.name} | {f.requests:,} | {f.failures:,} | {f.median:.0f} | {f.p95:.0f} | {f.rps:.1f} |"
        )
    lines += [
        "",
        f"Ratio mix / bare view: median **{r_med:.1f}×** (target ≤ {TARGET_MEDIAN:g}×: {yes(r_med <= TARGET_MEDIAN)}), "
        f"p95 **{r_p95:.1f}×** (target ≤ {TARGET_P95:g}×: {yes(r_p95 <= TARGET_P95)}); "
        f"no errors: {yes(errors == 0)}" + (f" ({errors:,} failed requests)" if errors else "") + ".",
    ]
    failures = Counter(mix["failures"]) + Counter(bare["failures"])
    if failures:
        lines += ["", "Failures:", ""] + [f"- {k} × {v}" for k, v in failures.most_common(10)]
    lines += [
        "",
        "Where one request's time goes, without load (Django test client in the bench process, median of 5):",
        "",
        "| request | queries | SQL ms | total ms |",
        "|---|---:|---:|---:|",
    ]
    for name, (q, sql, took) in parts.items():
        lines.append(f"| {name} | {q:.0f} | {sql:.1f} | {took:.1f} |")
    lines += [
        "",
        "Locust rounds times above 100 ms to 10 ms and above 1 s to 100 ms. The machine's CPUs are shared by "
        "gunicorn, PostgreSQL and locust, and by whatever else runs: load average "
        + (
            f"{info['load'][0]:.1f} before the data, {info['load'][1]:.1f} after the load"
            if "load" in info
            else "?"
        )
        + f" ({os.cpu_count()} CPUs). Under a closed loop both phases keep the CPUs busy, so each latency is "
        "mostly queueing and the ratios come close to the ratio of CPU time per request.",
    ]
    return "\n".join(lines)
