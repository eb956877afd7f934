"""Locust users of benchmark 1 (bench/deadline_day.py starts them; docs/benchmark-beban.md).

- MixUser: logs in as one of the accounts in the JSON file named by DEADLINE_ACCOUNTS (a different one per user),
  then repeats the deadline-day mix of `deadline_mix.mix_steps`: open Pengisian, Edit Realisasi, Tambah Bukti
  Dukung, Ubah Rating of a subordinate, Rekap Penilaian Bawahan. POSTs carry the CSRF token and are not followed;
  `deadline_mix.check` decides what is a failure.
- BareUser: `GET /healthz/db` (one indexed query), the baseline.

Think time: DEADLINE_WAIT seconds between requests (0: a closed loop). Run by hand against a running server:
    DEADLINE_ACCOUNTS=accounts.json .venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s \\
        --host http://127.0.0.1:8000 MixUser
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from locust import FastHttpUser, constant, task  # noqa: E402
from requests.cookies import create_cookie  # noqa: E402

from bench.deadline_mix import BARE, Step, check, login_steps, mix_steps  # noqa: E402

_file = os.environ.get("DEADLINE_ACCOUNTS")
ACCOUNTS = json.loads(Path(_file).read_text(encoding="utf-8")) if _file else []
WAIT = float(os.environ.get("DEADLINE_WAIT", "0"))
_next_account = itertools.count()
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class _User(FastHttpUser):
    abstract = True
    wait_time = constant(WAIT)

    def send(self, step: Step) -> bool:
        headers, body = None, None
        if step.method == "POST":
            headers, body = FORM, urlencode({**step.data, "csrfmiddlewaretoken": self.csrf_token()})
        with self.client.request(
            step.method, step.url, name=step.name, data=body, headers=headers, catch_response=True,
            allow_redirects=False,
        ) as response:  # fmt: skip
            error = check(
                step, response.status_code, response.headers.get("Location") or "", response.content or b""
            )
            if error:
                response.failure(error)
            else:
                response.success()
        return error is None

    @property
    def host_name(self) -> str:
        return urlsplit(self.host).hostname or "127.0.0.1"

    def csrf_token(self) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")


class MixUser(_User):
    def on_start(self) -> None:
        if not ACCOUNTS:
            raise RuntimeError(
                "DEADLINE_ACCOUNTS must name the accounts file written by bench/deadline_day.py"
            )
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        self.round = 0
        self.queue: list[Step] = []
        if cookies := self.account.get("cookies"):  # logged in by the bench before the load
            for name, value in cookies.items():
                self.client.cookiejar.set_cookie(create_cookie(name, value, domain=self.host_name, path="/"))
            return
        for step in login_steps(self.account):  # by hand: log in through the form first
            if not self.send(step):
                self.stop()
                return

    @task
    def next_step(self) -> None:
        if not self.queue:
            self.queue = mix_steps(self.account, self.round)
            self.round += 1
        self.send(self.queue.pop(0))


class BareUser(_User):
    @task
    def bare(self) -> None:
        self.send(Step(BARE, "GET", "/healthz/db"))
