"""SIASN web service (BKN APIM): data utama, riwayat SKP, save SKP 2022, reference unor.

Two tokens on every call (INTEGRATIONS.md §1.1): the APIM token (client credentials, cached 1 h) as
`Authorization: Bearer`, and the SSO token (password grant, cached 12 h) as `Auth: bearer`. On a 401 both
are forgotten and fetched again, once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from .base import NotConfigured, RemoteError, json_of, request

SISTEM = "SIASN"
_APIM_KEY = "integrasi:siasn:apim"
_SSO_KEY = "integrasi:siasn:sso"


def configured() -> bool:
    return bool(getattr(settings, "SIASN_BASE_URL", ""))


class SiasnClient:
    def __init__(self):
        if not configured():
            raise NotConfigured(SISTEM)
        self.base = settings.SIASN_BASE_URL.rstrip("/")

    # --- tokens -------------------------------------------------------------------------------------
    def _apim_token(self) -> str:
        token = cache.get(_APIM_KEY)
        if token:
            return token
        r = request(
            SISTEM,
            "POST",
            settings.SIASN_TOKEN_URL,
            auth=(settings.SIASN_CONSUMER_KEY, settings.SIASN_CONSUMER_SECRET),
            data={"grant_type": "client_credentials"},
        )
        data = json_of(SISTEM, r)
        if r.status_code != 200 or "access_token" not in data:
            raise RemoteError(SISTEM, r.status_code, "Token APIM SIASN ditolak; periksa consumer key/secret.")
        ttl = min(int(data.get("expires_in", 3600)) - 60, 3600)
        cache.set(_APIM_KEY, data["access_token"], max(ttl, 60))
        return data["access_token"]

    def _sso_token(self) -> str:
        token = cache.get(_SSO_KEY)
        if token:
            return token
        r = request(
            SISTEM,
            "POST",
            settings.SIASN_SSO_URL,
            data={
                "grant_type": "password",
                "client_id": settings.SIASN_CLIENT_ID,
                "username": settings.SIASN_USERNAME,
                "password": settings.SIASN_PASSWORD,
            },
        )
        data = json_of(SISTEM, r)
        if r.status_code != 200 or "access_token" not in data:
            raise RemoteError(SISTEM, r.status_code, "Token SSO SIASN ditolak; periksa username/password.")
        cache.set(_SSO_KEY, data["access_token"], 12 * 3600 - 60)
        return data["access_token"]

    @staticmethod
    def forget_tokens() -> None:
        cache.delete_many([_APIM_KEY, _SSO_KEY])

    def _call(self, method: str, path: str, **kwargs):
        for attempt in (1, 2):
            headers = {
                "Authorization": f"Bearer {self._apim_token()}",
                "Auth": f"bearer {self._sso_token()}",
                "Accept": "application/json",
            }
            r = request(SISTEM, method, f"{self.base}{path}", headers=headers, **kwargs)
            if r.status_code == 401 and attempt == 1:
                self.forget_tokens()
                continue
            return r
        return r

    @staticmethod
    def _failure(r, data: dict) -> RemoteError:
        message = data.get("data") if isinstance(data.get("data"), str) else None
        message = message or data.get("message") or data.get("Message") or "Permintaan ditolak SIASN"
        return RemoteError(SISTEM, r.status_code, str(message))

    # --- endpoints ----------------------------------------------------------------------------------
    def data_utama(self, nip: str) -> dict:
        r = self._call("GET", f"/pns/data-utama/{nip}")
        data = json_of(SISTEM, r)
        if r.status_code != 200 or data.get("code") == 0 or not isinstance(data.get("data"), dict):
            raise self._failure(r, data)
        return data["data"]

    def rw_skp22(self, nip: str) -> list[dict]:
        r = self._call("GET", f"/pns/rw-skp22/{nip}")
        data = json_of(SISTEM, r)
        if r.status_code == 404:
            return []
        if r.status_code != 200 or data.get("code") == 0:
            raise self._failure(r, data)
        return list(data.get("data") or [])

    def skp22_save(self, payload: dict) -> str:
        r = self._call("POST", "/skp22/save", json=payload)
        data = json_of(SISTEM, r)
        map_data = data.get("mapData")
        if r.status_code != 200 or not data.get("success") or not isinstance(map_data, dict):
            raise self._failure(r, data)
        return str(map_data.get("rwSkpId"))

    def ref_unor(self, limit: int = 500, offset: int = 0) -> list[dict]:
        r = self._call("GET", "/referensi/ref-unor", params={"limit": limit, "offset": offset})
        data = json_of(SISTEM, r)
        if r.status_code != 200:
            raise self._failure(r, data)
        return list(data.get("data") or [])
