"""Hostile values in the filters and search boxes (GET forms: year, month, unit, status, NIP, page, free text):
every GET form found by crawling the site as each persona is sent out-of-range numbers, NUL bytes, 10,000-character
texts, script and SQL fragments in each of its fields. No answer is a server error; the values shown back are
escaped."""

import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

from django.test import Client

from .input_isian import RAW, crawl, isi_berbahaya

NILAI = [
    "-1", "99999999999999999999999", "abc", "\x00", "x" * 10_000, "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>', "' OR 1=1 --", "2026-02-30", "²",
]  # fmt: skip
HALAMAN = ["page", "halaman"]


class _GetForms(HTMLParser):
    """The GET forms of a page (action, field names) and its search boxes (data-url, their parameters)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._current = [] if (a.get("method") or "get").lower() == "get" else None
            if self._current is not None:
                self.forms.append((a.get("action") or "", self._current))
            return
        if a.get("data-url"):  # a search box (tom-select) asks this URL as one types
            self.forms.append((a["data-url"], ["q", "induk", "instansi"]))
        if (
            self._current is not None
            and tag in ("input", "select", "textarea")
            and a.get("name")
            and (a.get("type") not in ("submit", "button", "hidden") or a["name"] in HALAMAN)
        ):
            self._current.append(a["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _fuzz_filters(client: Client, pages: dict, failures: list[str]) -> int:
    sent = 0
    done: set[tuple[str, str]] = set()
    for url, response in pages.items():
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _GetForms()
        parser.feed(response.content.decode())
        for action, fields in parser.forms:
            target = urljoin(url, action).split("?", 1)[0]
            route = re.sub(r"/\d+(?=/)", "/N", target)  # /skp/2/evaluasi/5/… : one route, fuzzed once
            for field in [*fields, *HALAMAN]:
                if (route, field) in done:
                    continue
                done.add((route, field))
                for value in NILAI:
                    sent += 1
                    where = f"{target}?{field}={value[:30]!r}"
                    try:
                        answer = client.get(f"{target}?{urlencode({field: value})}")
                    except Exception as exc:  # noqa: BLE001  (the test client re-raises a view's exception)
                        failures.append(f"{where}: {type(exc).__name__}: {str(exc)[:120]}")
                        continue
                    if answer.status_code >= 500:
                        failures.append(f"{where}: {answer.status_code}")
                    elif "text/html" in answer.get("Content-Type", ""):
                        html = answer.content.decode()
                        if any(raw in html for raw in RAW):
                            failures.append(f"{where}: tidak di-escape")
    return sent


def test_filters_and_search_boxes_never_fail(org):
    o = isi_berbahaya(org)
    sent, failures = 0, []
    for user in (o.admin, o.kabid.user, o.staf.user):
        client = Client()
        client.force_login(user)
        sent += _fuzz_filters(client, crawl(client, ["/"]), failures)
    assert not failures, "\n".join(failures)
    assert sent > 200  # the filters of the lists (SKP, pegawai, unit, keberatan, dashboard, log, CKHP, …)
