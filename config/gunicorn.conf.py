"""Gunicorn settings for e-Kinerja, all from the environment: `gunicorn -c config/gunicorn.conf.py`.

Variables (see also docs/benchmark-beban.md):
- GUNICORN_BIND (127.0.0.1:8000): address:port, or several separated by commas; behind a reverse proxy keep
  the loopback or a private address.
- GUNICORN_WORKERS (2 x CPU + 1): worker processes. The pages are CPU work (ORM rows, templates) plus short
  PostgreSQL round trips, so about two workers per core keep the cores busy while some wait on the database.
  Each worker holds one database connection (CONN_MAX_AGE 60 s): workers x app servers must stay below
  PostgreSQL's max_connections (or go through PgBouncer).
- GUNICORN_THREADS (1): threads per worker. 1 = the `sync` worker class: one request per process at a time,
  no thread-safety questions, the simplest thing that is fast here. It expects a buffering reverse proxy (nginx)
  in front that absorbs slow clients and keep-alive. Above 1, gunicorn uses `gthread` (one connection per
  thread): only worth it without such a proxy.
- GUNICORN_TIMEOUT (60 s): a worker silent longer is killed and replaced. Pages answer in milliseconds; the
  margin is for the synchronous "Unduh Excel" of a large list. Batch PDFs and syncs go through Celery.
- GUNICORN_MAX_REQUESTS (0 = never): recycle a worker after that many requests (plus up to 10 % jitter), a
  guard against slow memory growth.
- GUNICORN_ACCESS_LOG (off): "-" for stdout or a file path; the reverse proxy usually keeps the access log.
- GUNICORN_LOG_LEVEL (info): error log level; the error log goes to stderr.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "config.wsgi:application"
bind = [b.strip() for b in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if b.strip()]
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "sync" if threads == 1 else "gthread"
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 2  # used by gthread only; sync workers close each connection (the proxy keeps clients alive)
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
# Load Django once in the master: workers start fast and share the code pages. Safe because Django opens its
# database connections lazily, after the fork.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "ekinerja"
# Worker heartbeats in memory, not on a possibly slow disk (containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
