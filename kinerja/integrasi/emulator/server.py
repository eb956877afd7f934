"""Local emulator of SIASN (APIM + SSO tokens, data utama, riwayat SKP, save, ref unor) and of PMM.

It speaks the shapes of docs/integrations.md, serves a dataset (JSON, see `dataset.py`) and can be told to fail:

- `POST /_emulator/reset`   body = dataset            → replaces the data, clears calls, faults and tokens
- `POST /_emulator/faults`  body = {"rules": [...]}   → each rule {"match": "/pmm/v1/skp/", "mode": "500" |
  "timeout" | "reset", "after": k, "times": n, "delay": s}: let k matching calls through, then fail n of them
- `POST /_emulator/expire-tokens`                     → every issued token becomes invalid (clients get 401)
- `GET  /_emulator/calls`                             → [[method, path], …] of the non-control calls
- `GET  /_emulator/data`                              → the current dataset (to check what was saved)

Run it with `manage.py emulator` (the demo) or `Emulator().start()` in a thread (tests).
"""

from __future__ import annotations

import base64
import copy
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

SIASN = "/apisiasn/1.0"
# The credentials the emulator accepts unless a dataset says otherwise (same as dataset.AUTH).
AUTH_DEFAULT = {
    "consumer_key": "emulator-key",
    "consumer_secret": "emulator-secret",
    "username": "emulator-user",
    "password": "emulator-pass",
    "pmm_token": "emulator-pmm-token",
}
PMM = "/pmm/v1"


class State:
    def __init__(self, dataset: dict | None = None):
        self.lock = threading.Lock()
        self.reset(dataset or {})

    def reset(self, dataset: dict) -> None:
        self.data = copy.deepcopy(dataset)
        self.data["auth"] = self.data.get("auth") or dict(AUTH_DEFAULT)
        self.data.setdefault("siasn", {}).setdefault("pns", {})
        self.data["siasn"].setdefault("rw_skp22", {})
        self.data["siasn"].setdefault("unor", [])
        for key in ("pengguna", "skp", "penilaian", "final"):
            self.data.setdefault("pmm", {}).setdefault(key, {})
        self.calls: list[list[str]] = []
        self.faults: list[dict] = []
        self.tokens: set[str] = set()
        self.next_id = 1000


class Handler(BaseHTTPRequestHandler):
    server_version = "EmulatorSIASNPMM/1.0"
    protocol_version = "HTTP/1.1"

    @property
    def state(self) -> State:
        return self.server.state  # type: ignore[attr-defined]

    def log_message(self, format, *args):  # quiet
        pass

    # --- plumbing -----------------------------------------------------------------------------------
    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _json_body(self) -> dict:
        try:
            return json.loads(self._body() or b"{}")
        except ValueError:
            return {}

    def _send(self, status: int, payload) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _fault(self, path: str) -> bool:
        """Apply the first matching fault rule; True when the request was failed."""
        with self.state.lock:
            rule = None
            for r in self.state.faults:
                if r.get("match", "") in path and r.get("times", 1) > 0:
                    r["seen"] = r.get("seen", 0) + 1
                    if r["seen"] > r.get("after", 0):
                        r["times"] = r.get("times", 1) - 1
                        rule = dict(r)
                    break
        if rule is None:
            return False
        mode = rule.get("mode", "500")
        if mode == "timeout":
            time.sleep(float(rule.get("delay", 2.0)))
            self._send(504, {"Error": "Timeout", "Message": "Gateway timeout"})
        elif mode == "reset":
            self.close_connection = True
            self.connection.shutdown(2)
        else:
            self._send(int(mode) if mode.isdigit() else 500, {"Error": "Server", "Message": "Internal error"})
        return True

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def _route(self, method: str) -> None:
        url = urlparse(self.path)
        path, query = url.path, {k: v[0] for k, v in parse_qs(url.query).items()}
        if path.startswith("/_emulator/"):
            return self._control(method, path)
        with self.state.lock:
            self.state.calls.append([method, path])
        if self._fault(path):
            return None
        if path == "/oauth2/token" and method == "POST":
            return self._apim_token()
        if path == "/sso/token" and method == "POST":
            return self._sso_token()
        if path.startswith(SIASN):
            return self._siasn(method, path[len(SIASN) :], query)
        if path.startswith(PMM):
            return self._pmm(method, path[len(PMM) :], query)
        return self._send(404, {"Error": "NotFound", "Message": "No matching resource"})

    def _control(self, method: str, path: str) -> None:
        st = self.state
        if path == "/_emulator/reset" and method == "POST":
            with st.lock:
                st.reset(self._json_body())
            return self._send(200, {"ok": True})
        if path == "/_emulator/faults" and method == "POST":
            with st.lock:
                st.faults = list(self._json_body().get("rules", []))
            return self._send(200, {"ok": True})
        if path == "/_emulator/expire-tokens" and method == "POST":
            with st.lock:
                st.tokens.clear()
            return self._send(200, {"ok": True})
        if path == "/_emulator/calls":
            with st.lock:
                return self._send(200, list(st.calls))
        if path == "/_emulator/data":
            with st.lock:
                return self._send(200, st.data)
        return self._send(404, {"ok": False})

    # --- tokens ---------------------------------------------------------------------------------------
    def _issue(self) -> str:
        token = secrets.token_hex(16)
        with self.state.lock:
            self.state.tokens.add(token)
        return token

    def _apim_token(self) -> None:
        auth = self.state.data["auth"]
        expected = f"{auth.get('consumer_key', '')}:{auth.get('consumer_secret', '')}"
        given = self.headers.get("Authorization", "")
        self._body()
        if not given.startswith("Basic ") or base64.b64decode(given[6:]).decode() != expected:
            return self._send(401, {"error": "invalid_client"})
        return self._send(200, {"access_token": self._issue(), "token_type": "Bearer", "expires_in": 3600})

    def _sso_token(self) -> None:
        auth = self.state.data["auth"]
        form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
        if form.get("username") != auth.get("username") or form.get("password") != auth.get("password"):
            return self._send(401, {"error": "invalid_grant"})
        return self._send(200, {"access_token": self._issue(), "expires_in": 43200})

    def _authorized_siasn(self) -> bool:
        apim = self.headers.get("Authorization", "").removeprefix("Bearer ")
        sso = self.headers.get("Auth", "").removeprefix("bearer ")
        with self.state.lock:
            return apim in self.state.tokens and sso in self.state.tokens

    # --- SIASN ----------------------------------------------------------------------------------------
    def _siasn(self, method: str, path: str, query: dict) -> None:
        if not self._authorized_siasn():
            self._body()
            return self._send(401, {"Error": "Unauthorized", "Message": "Invalid Credentials"})
        siasn = self.state.data["siasn"]
        if m := re.fullmatch(r"/pns/data-utama/(\d+)", path):
            pns = siasn["pns"].get(m.group(1))
            if pns is None:
                return self._send(404, {"code": 0, "data": "Data tidak ditemukan"})
            return self._send(200, {"success": True, "data": pns})
        if m := re.fullmatch(r"/pns/rw-skp22/(\d+)", path):
            rows = siasn["rw_skp22"].get(m.group(1))
            if not rows:
                return self._send(404, {"code": 0, "data": "Data tidak ditemukan"})
            return self._send(200, {"code": 1, "data": rows})
        if path == "/skp22/save" and method == "POST":
            return self._skp22_save(self._json_body())
        if path == "/referensi/ref-unor":
            offset, limit = int(query.get("offset", 0)), int(query.get("limit", 500))
            return self._send(200, {"code": 1, "data": siasn["unor"][offset : offset + limit]})
        return self._send(404, {"Error": "NotFound", "Message": "No matching resource"})

    REQUIRED_SAVE = (
        "pnsDinilaiOrang",
        "tahun",
        "hasilKinerjaNilai",
        "perilakuKerjaNilai",
        "kuadranKinerjaNilai",
    )

    def _skp22_save(self, payload: dict) -> None:
        missing = [f for f in self.REQUIRED_SAVE if payload.get(f) in (None, "")]
        if missing:
            return self._send(400, {"success": False, "message": f"Field wajib: {', '.join(missing)}"})
        ok_range = payload["hasilKinerjaNilai"] in (1, 2, 3) and payload["perilakuKerjaNilai"] in (1, 2, 3)
        if not ok_range or payload["kuadranKinerjaNilai"] not in (1, 2, 3, 4, 5):
            return self._send(400, {"success": False, "message": "Nilai di luar referensi"})
        with self.state.lock:
            siasn = self.state.data["siasn"]
            nip = next(
                (n for n, p in siasn["pns"].items() if p.get("id") == payload["pnsDinilaiOrang"]), None
            )
            if nip is None:
                return self._send(200, {"success": False, "message": "Data PNS tidak ditemukan"})
            rows = siasn["rw_skp22"].setdefault(nip, [])
            row = next((r for r in rows if payload.get("id") and r["id"] == payload["id"]), None)
            if row is None:
                self.state.next_id += 1
                row = {"id": f"rw-{self.state.next_id}"}
                rows.append(row)
            row.update(
                {
                    "tahun": payload["tahun"],
                    "hasilKinerjaNilai": payload["hasilKinerjaNilai"],
                    "PerilakuKerjaNilai": payload["perilakuKerjaNilai"],
                    "KuadranKinerjaNilai": payload["kuadranKinerjaNilai"],
                    "namaPenilai": payload.get("penilaiNama", ""),
                    "nipNrpPenilai": payload.get("penilaiNipNrp", ""),
                    "penilaiJabatanNm": payload.get("penilaiJabatan", ""),
                    "penilaiUnorNm": payload.get("penilaiUnorNama", ""),
                    "pnsDinilaiId": payload["pnsDinilaiOrang"],
                    "statusPenilai": payload.get("statusPenilai", "ASN"),
                }
            )
            return self._send(
                200, {"success": True, "message": "Data berhasil disimpan", "mapData": {"rwSkpId": row["id"]}}
            )

    # --- PMM ------------------------------------------------------------------------------------------
    def _pmm(self, method: str, path: str, query: dict) -> None:
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        if token != self.state.data["auth"].get("pmm_token"):
            return self._send(401, {"success": False, "message": "Unauthorized"})
        pmm = self.state.data["pmm"]
        if m := re.fullmatch(r"/pengguna/(\d+)", path):
            row = pmm["pengguna"].get(m.group(1))
            if row is None:
                return self._send(200, {"success": False, "message": "Data pegawai tidak ditemukan di PMM"})
            return self._send(200, {"success": True, "data": row})
        for kind, key in (("skp", "skp"), ("penilaian", "penilaian"), ("penilaian-final", "final")):
            if m := re.fullmatch(rf"/{kind}/(\d+)", path):
                value = pmm[key].get(m.group(1))
                if isinstance(value, dict) and "error" in value:
                    return self._send(200, {"success": False, "message": value["error"]})
                if value is None:
                    missing = {
                        "skp": "Data SKP pegawai tidak ditemukan",
                        "penilaian": "Data penilaian pegawai tidak ditemukan",
                        "final": "Data penilaian final pegawai tidak ditemukan",
                    }[key]
                    return self._send(200, {"success": False, "message": missing})
                tahun = query.get("tahun")
                if tahun and isinstance(value, list) and key == "skp":
                    value = [s for s in value if str(s.get("periode_awal", ""))[:4] == tahun]
                return self._send(200, {"success": True, "data": value})
        return self._send(404, {"success": False, "message": "Tidak ditemukan"})


class Emulator:
    """The emulator on a loopback port, in a daemon thread (tests) or in the foreground (`serve_forever`)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, dataset: dict | None = None):
        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.httpd.state = State(dataset)  # type: ignore[attr-defined]
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def state(self) -> State:
        return self.httpd.state  # type: ignore[attr-defined]

    def start(self) -> Emulator:
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.thread is not None:
            self.httpd.shutdown()
        self.httpd.server_close()

    def settings(self) -> dict:
        """Django settings that point the adapters here."""
        auth = self.state.data["auth"] or AUTH_DEFAULT
        return {
            "SIASN_BASE_URL": f"{self.url}{SIASN}",
            "SIASN_TOKEN_URL": f"{self.url}/oauth2/token",
            "SIASN_SSO_URL": f"{self.url}/sso/token",
            "SIASN_CONSUMER_KEY": auth.get("consumer_key", ""),
            "SIASN_CONSUMER_SECRET": auth.get("consumer_secret", ""),
            "SIASN_USERNAME": auth.get("username", ""),
            "SIASN_PASSWORD": auth.get("password", ""),
            "SIASN_CLIENT_ID": "emulator",
            "PMM_BASE_URL": f"{self.url}{PMM}",
            "PMM_TOKEN": auth.get("pmm_token", ""),
        }
