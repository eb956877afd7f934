"""Run every benchmark in bench/ against PostgreSQL and write its figures to docs/performance.md.

Usage: `make bench` (DATABASE_URL must point at PostgreSQL). `python bench/run.py import_ratio` runs one.
Each benchmark runs in a throwaway test database (test_<name of DATABASE_URL's database>), created and
dropped here, so the real database is never touched.
"""

from __future__ import annotations

import datetime
import importlib
import os
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

MODULES = ["query_counts", "import_ratio", "deadline_day", "nasional", "pdf"]
DOC = ROOT / "docs" / "performance.md"
COMMAND = "make bench"


def require_postgres() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "bench: DATABASE_URL must point at PostgreSQL, e.g.\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja_bench make bench\n"
            "(the benchmarks measure PostgreSQL; SQLite figures would mean nothing)."
        )


def machine(connection) -> str:
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        ram_text = f"{ram:.1f} GiB RAM"
    except (ValueError, OSError):
        ram_text = "RAM unknown"
    return (
        f"{os.cpu_count()} CPU, {ram_text}, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, PostgreSQL {pg}"
    )


def write_section(name: str, text: str, *, path: Path = DOC) -> None:
    """Replace (or append) the block between `<!-- bench:name -->` and `<!-- /bench:name -->`."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    doc = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    doc = pattern.sub(lambda _: block, doc) if pattern.search(doc) else doc.rstrip() + "\n\n" + block + "\n"
    path.write_text(doc, encoding="utf-8")


def main(argv: list[str]) -> int:
    require_postgres()
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    names = argv or MODULES
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        sys.exit(f"bench: unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(MODULES)}")
    setup_test_environment(debug=False)
    old = setup_databases(verbosity=0, interactive=False)
    try:
        info = machine(connection)
        print(f"Machine: {info}")
        for name in names:
            module = importlib.import_module(f"bench.{name}")
            print(f"\n== {module.TITLE} ==")
            started = time.perf_counter()
            body = module.run()
            took = time.perf_counter() - started
            print(body)
            print(f"({name}: {took:.1f} s)")
            header = (
                f"## {module.TITLE}\n\n"
                f"- Machine: {info}\n"
                f"- Date: {datetime.datetime.now():%Y-%m-%d %H:%M}\n"
                f"- Command: `DATABASE_URL=postgres://… {COMMAND}`"
                + (f" (`bench/run.py {name}`)" if argv else "")
                + f"\n- Run time: {took:.0f} s\n\n"
            )
            write_section(name, header + body)
    finally:
        teardown_databases(old, verbosity=0)
    print(f"\nWritten to {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
