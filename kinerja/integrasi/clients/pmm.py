"""PMM (Platform Merdeka Mengajar: PKG / PKKS / PKPS) — the source of truth for teachers' SKP.

PMM publishes no public API; this adapter speaks the contract of docs/integrations.md §PMM (the shapes the seed
003 screens show). Business refusals come back as HTTP 200 with `{"success": false, "message": …}` — the log
then says "Error: 200 <message>", as BKN's Log Sinkronisasi does.
"""

from __future__ import annotations

from django.conf import settings

from .base import NotConfigured, RemoteError, json_of, request

SISTEM = "PMM"


def configured() -> bool:
    return bool(getattr(settings, "PMM_BASE_URL", ""))


class PmmClient:
    def __init__(self):
        if not configured():
            raise NotConfigured(SISTEM)
        self.base = settings.PMM_BASE_URL.rstrip("/")
        self.headers = {"Authorization": f"Bearer {settings.PMM_TOKEN}", "Accept": "application/json"}

    def _get(self, path: str, **params):
        r = request(SISTEM, "GET", f"{self.base}{path}", headers=self.headers, params=params or None)
        data = json_of(SISTEM, r)
        if r.status_code != 200 or not data.get("success"):
            raise RemoteError(SISTEM, r.status_code, str(data.get("message") or "Permintaan ditolak PMM"))
        return data.get("data")

    def pengguna(self, nip: str) -> dict:
        """{nip, nama, terdaftar, jenis_ptk, sekolah}: whether PMM/Dapodik still lists the person."""
        return self._get(f"/pengguna/{nip}") or {}

    def skp(self, nip: str, tahun: int) -> list[dict]:
        """The person's SKPs of the year, oldest first (several after a rotation)."""
        return list(self._get(f"/skp/{nip}", tahun=tahun) or [])

    def penilaian(self, nip: str, tahun: int) -> list[dict]:
        """Periodic assessments of the year, keyed by angka periodik."""
        return list(self._get(f"/penilaian/{nip}", tahun=tahun) or [])

    def penilaian_final(self, nip: str, tahun: int) -> dict:
        return self._get(f"/penilaian-final/{nip}", tahun=tahun) or {}
