"""Benchmark 1 (bench/deadline_day.py, bench/deadline_mix.py) cannot rot: its data builder, the exact requests its locust users send
(through Django's test client with CSRF enforced, no server, no timing), its failure rule and its report."""

import subprocess
import sys

import pytest
from django.test import Client
from django.utils import timezone

from bench import deadline_day
from bench import deadline_mix as dd
from bench.run import ROOT
from kinerja.core.models import AuditEvent
from kinerja.org.models import User
from kinerja.penilaian.models import BuktiDukung, Penilaian, Realisasi


@pytest.fixture
def accounts(db):
    accounts, info = dd.build(pegawai=120, users=3, out=lambda _: None)
    assert info["batas"] >= timezone.localdate() and info["leaders"] >= 3
    return accounts


def login(account) -> Client:
    client = Client(enforce_csrf_checks=True)
    for step in dd.login_steps(account):
        assert dd.send(client, step) is None, step
    return client


def test_build_gives_leaders_with_an_open_final_indicators_and_subordinates(accounts):
    assert len(accounts) == 3 and len({a["username"] for a in accounts}) == 3
    for a in accounts:
        assert a["indikator"] and len(a["realisasi"]) == len(a["bukti"]) == len(a["indikator"])
        assert a["rating"] and a["rekap"].endswith("/rekap/")
        assert User.objects.get(username=a["username"]).check_password(dd.PASSWORD)


def test_two_rounds_of_the_mix_save_everything(accounts):
    a = accounts[0]
    client = login(a)
    own = Penilaian.objects.get(pk=int(a["pengisian"].split("/")[2]))
    bukti_before, audit_before = BuktiDukung.objects.filter(penilaian=own).count(), AuditEvent.objects.count()
    for i in range(2):
        for step in dd.mix_steps(a, i):
            assert dd.send(client, step) is None, step
    first = a["indikator"][0]
    assert Realisasi.objects.get(penilaian=own, indikator_id=first).realisasi == "1 laporan"
    assert BuktiDukung.objects.filter(penilaian=own).count() == bukti_before + 2
    assert (
        AuditEvent.objects.count() >= audit_before + 4
    )  # 2 realisasi, 2 bukti, and the ratings that changed
    rated = Penilaian.objects.get(pk=int(a["rating"][0].split("/")[6]))
    assert rated.rating_hasil_kerja in dd.RATINGS


def test_another_leader_is_refused_and_that_counts_as_a_failure(accounts):
    mine, other = accounts[0], accounts[1]
    client = login(other)
    steps = dd.mix_steps(mine, 0)
    assert dd.send(client, steps[0]) is not None  # someone else's Pengisian: 403/404
    assert dd.send(client, steps[3]) is not None  # rating someone else's subordinate: 404
    assert dd.send(client, steps[4]) is not None  # someone else's Rekap: 404
    assert "/masuk/" in dd.send(Client(), steps[0])  # not logged in: sent to the login page


def test_check_fails_what_deadline_day_cannot_accept():
    post = dd.Step("x", "POST", "/p/", {"a": 1}, "#ind-5")
    assert dd.check(post, 302, "/penilaian/1/pengisian/#ind-5", b"") is None
    assert "is-invalid" in dd.check(post, 200, "", b'<input class="is-invalid">')
    assert (
        dd.check(post, 302, "/penilaian/1/pengisian/", b"") is not None
    )  # closed period: back without saving
    assert dd.check(post, 302, "/masuk/?next=/p/", b"") is not None
    assert dd.check(post, 500, "", b"") is not None
    get = dd.Step("y", "GET", "/g/")
    assert dd.check(get, 200, "", b"") is None and dd.check(get, 404, "", b"") is not None


def _entry(name, times, failures=0):
    return {
        "name": name, "method": "GET", "num_requests": sum(times.values()), "num_failures": failures,
        "response_times": {str(k): v for k, v in times.items()}, "start_time": 100.0,
        "last_request_timestamp": 160.0,
    }  # fmt: skip


def test_report_merges_histograms_and_says_whether_the_targets_are_met():
    assert deadline_day.percentile({10: 51, 20: 45, 90: 4}, 100, 0.5) == 10
    assert deadline_day.percentile({10: 51, 20: 45, 90: 4}, 100, 0.95) == 20
    mix = {"entries": [_entry(n, {30: 90, 60: 10}) for n in dd.MIX], "failures": {}}
    bare = {"entries": [_entry(dd.BARE, {10: 100})], "failures": {}}
    info = {
        "pegawai": 120,
        "rows": 1,
        "tahun": 2026,
        "batas": timezone.localdate(),
        "bawahan": 3,
        "indikator": 6,
    }
    text = deadline_day.report(
        info, bare, mix, {dd.MIX[0]: (15, 3.0, 20.0)}, locust_version="x", gunicorn_version="y"
    )
    assert "median **3.0×**" in text and "p95 **6.0×**" in text and "no errors: **yes**" in text
    assert "| **mix, all five** | 500 | 0 | 30 | 60 | 8.3 |" in text


def test_locustfile_loads_and_lists_both_users():
    out = subprocess.run(
        [sys.executable, "-m", "locust", "-f", "bench/locustfile.py", "--list"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    assert "MixUser" in out and "BareUser" in out


def test_breakdown_counts_queries_of_every_request_type(accounts):
    parts = deadline_day.breakdown(accounts[2], rounds=1)
    assert list(parts) == [*dd.MIX, dd.BARE]
    for queries, sql_ms, total_ms in parts.values():
        assert 1 <= queries <= 30 and 0 <= sql_ms <= total_ms
    assert parts[dd.BARE][0] == 1
