"""Benchmark 1's virtual user: the accounts it logs in with (built in the bench database), the requests of one
round of the deadline-day mix, and the rule that decides which answers are failures (docs/benchmark-beban.md).

The top level imports nothing from Django or locust: bench/locustfile.py sends these steps with locust, the
tests and the in-process breakdown of bench/deadline_day.py send them through Django's test client (`send`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

PASSWORD = "tenggat-kinerja-2026"
MAX_BAWAHAN = 20  # subordinates each account cycles through

LOGIN = "Masuk (once per user)"
MIX = (
    "Penilaian: Pengisian (GET)",
    "Edit Realisasi (POST)",
    "Tambah Bukti Dukung (POST)",
    "Ubah Rating Bawahan (POST)",
    "Rekap Penilaian Bawahan (GET)",
)
BARE = "healthz/db (GET)"
RATINGS = ("SESUAI", "DIATAS")


# --- The requests of one virtual user (no Django, no locust) ------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    method: str
    url: str
    data: dict = field(default_factory=dict)
    location: str = ""  # a successful POST redirects to a URL containing this


def login_steps(account: dict) -> list[Step]:
    form = {"username": account["username"], "password": account["password"]}
    return [Step(LOGIN, "GET", account["login"]), Step(LOGIN, "POST", account["login"], form, "/")]


def mix_steps(account: dict, i: int) -> list[Step]:
    """Round `i` of the deadline-day mix: each round another indicator, another bukti, another subordinate."""
    n_ind, n_sub = len(account["indikator"]), len(account["rating"])
    k = i % n_ind
    anchor = f"#ind-{account['indikator'][k]}"
    rating = RATINGS[(i // n_sub) % 2]
    return [
        Step(MIX[0], "GET", account["pengisian"]),
        Step(
            MIX[1], "POST", account["realisasi"][k],
            {"realisasi": f"{i + 1} laporan", "sumber_data": "Rekap laporan bulanan unit"}, anchor,
        ),
        Step(
            MIX[2], "POST", account["bukti"][k],
            {"nama": f"Laporan kegiatan {i + 1}", "link": f"https://drive.example.id/berkas/{account['username']}/{i}"},
            anchor,
        ),
        Step(MIX[3], "POST", account["rating"][i % n_sub], {"rating": rating}, "#rating"),
        Step(MIX[4], "GET", account["rekap"]),
    ]  # fmt: skip


def check(step: Step, status: int, location: str, body: bytes) -> str | None:
    """Why this response is a failure, or None. Deadline day: every POST must have been saved."""
    if step.method == "GET":
        return None if status == 200 else f"HTTP {status} {location}".strip()
    if status == 200 and b"is-invalid" in body:
        return "form sent back with errors (is-invalid)"
    if status != 302:
        return f"HTTP {status}"
    if "/masuk/" in location:
        return "sent to the login page"
    if step.location not in location:
        return f"redirected to {location!r}, expected {step.location!r}: refused"
    return None


# --- Data ------------------------------------------------------------------------------------------------------------


def tahun_terbuka(today) -> int:
    """The year whose Final assessment is open today: its batas is 31 January of the next year."""
    return today.year - 1 if today.month == 1 else today.year


def build(*, pegawai: int, users: int, seed: int = 2026, out=print) -> tuple[list[dict], dict]:
    """One synthetic instansi and `users` accounts (leaders filling their own Final and rating subordinates)."""
    import random
    from collections import defaultdict

    from django.contrib.auth.hashers import make_password
    from django.urls import reverse
    from django.utils import timezone

    from kinerja.org.models import Pegawai, User
    from kinerja.penilaian.models import Penilaian
    from kinerja.penilaian.rules import FINAL
    from kinerja.skp.models import Indikator, Skp
    from kinerja.synth import nation

    tahun = tahun_terbuka(timezone.localdate())
    started = time.perf_counter()
    result = nation.generate(
        pegawai=pegawai, instansi=1, tahun=tahun, seed=seed, detail_sample=1.0, out=lambda _: None
    )
    finals = Penilaian.objects.filter(
        periode__jenis=FINAL, tahun=tahun, skp__instansi__kode__startswith="SYN-"
    )
    rows = list(
        finals.values_list(
            "id", "skp_id", "skp__pegawai_id", "skp__penugasan_plt_id", "penilai_id",
            "skp__penilai_unit_kerja_id", "periode_id", "batas",
        )
    )  # fmt: skip
    skp_of = {
        (p, u): s for s, p, u in Skp.objects.filter(pk__in={r[1] for r in rows}).values_list("id", "pegawai_id", "unit_kerja_id")
    }  # fmt: skip
    own = {r[2]: r for r in rows if r[3] is None}  # pegawai -> own definitive Final
    bawahan = defaultdict(list)  # (leader pegawai, leader SKP) -> subordinates' Finals
    for r in rows:
        leader_skp = skp_of.get((r[4], r[5]))
        if leader_skp and r[4] in own:
            bawahan[(r[4], leader_skp)].append(r[0])
    by_leader = {}
    for (leader, skp), subs in sorted(bawahan.items()):
        by_leader.setdefault(leader, (skp, subs))
    chosen = sorted(random.Random(seed).sample(sorted(by_leader), min(users, len(by_leader))))
    indikator = defaultdict(list)
    for ind, skp in (
        Indikator.objects.filter(rhk__skp_id__in=[own[p][1] for p in chosen])
        .order_by("rhk__urutan", "urutan", "id")
        .values_list("id", "rhk__skp_id")
    ):
        indikator[skp].append(ind)
    login = dict(Pegawai.objects.filter(pk__in=chosen).values_list("id", "user_id"))
    User.objects.filter(pk__in=login.values()).update(password=make_password(PASSWORD))
    usernames = dict(User.objects.filter(pk__in=login.values()).values_list("id", "username"))
    accounts = []
    for p in chosen:
        pid, skp_id, periode = own[p][0], own[p][1], own[p][6]
        leader_skp, subs = by_leader[p]
        inds = indikator[skp_id]
        accounts.append({
            "username": usernames[login[p]], "password": PASSWORD, "login": reverse("login"),
            "pengisian": reverse("penilaian:pengisian", args=[pid]),
            "indikator": inds,
            "realisasi": [reverse("penilaian:realisasi_edit", args=[pid, i]) for i in inds],
            "bukti": [reverse("penilaian:bukti_tambah", args=[pid, i]) for i in inds],
            "rating": [
                reverse("penilaian:rating", args=[leader_skp, periode, s, "hasil-kerja"]) for s in subs[:MAX_BAWAHAN]
            ],
            "rekap": reverse("penilaian:rekap_bawahan", args=[leader_skp, periode]),
        })  # fmt: skip
    info = {
        "pegawai": pegawai, "tahun": tahun, "rows": result.rows, "seconds": time.perf_counter() - started,
        "batas": own[chosen[0]][7] if chosen else None, "leaders": len(by_leader),
        "bawahan": sum(min(len(by_leader[p][1]), MAX_BAWAHAN) for p in chosen),
        "indikator": sum(len(a["indikator"]) for a in accounts),
    }  # fmt: skip
    out(
        f"  data: {pegawai:,} employees, {result.rows:,} rows in {info['seconds']:.0f} s; "
        f"{len(accounts)} accounts of {len(by_leader)} leaders"
    )
    return accounts, info


def send(client, step: Step) -> str | None:
    """One step through Django's test client (CSRF enforced); returns the failure, as `check` says."""
    if step.method == "GET":
        response = client.get(step.url)
    else:
        token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
        response = client.post(step.url, {**step.data, "csrfmiddlewaretoken": token})
    return check(step, response.status_code, response.get("Location", ""), response.content)
