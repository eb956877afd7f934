"""Times the Dashboard Nasional in a fresh process (run by bench/nasional.py; prints one JSON line).

Cold = the first request of a new process on a new database connection (imports, URL and template loading, plan
of the grouped query); warm = the next requests, median and max. PostgreSQL's own buffer cache is whatever the
server holds (it is not dropped: other databases share the server).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment(debug=False)  # the test client's host and the response's context, DEBUG stays off
    from django.urls import reverse

    from kinerja.org.models import Peran, User

    tahun = int(sys.argv[1])
    user, _ = User.objects.get_or_create(username="bench.nasional", defaults={"peran": Peran.ADMIN_NASIONAL})
    client = Client()
    client.force_login(user)
    connection.close()  # the cold request opens its own connection
    url = f"{reverse('penilaian:dashboard_nasional')}?tahun={tahun}"
    started = time.perf_counter()
    response = client.get(url)
    cold = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    warm = []
    for _ in range(15):
        started = time.perf_counter()
        client.get(url)
        warm.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    total = response.context["total"]
    print(
        json.dumps(
            {
                "cold": cold,
                "warm_median": statistics.median(warm),
                "warm_max": max(warm),
                "queries": len(queries),
                "instansi": response.context["jumlah_instansi"],
                "skp": total["skp"],
                "dinilai": total["dinilai"],
            }
        )
    )


if __name__ == "__main__":
    main()
