"""What every adapter shares: the error kinds and one httpx call with timeouts.

- NetworkError: the other side could not be reached or failed (timeout, refused, 5xx, 429, broken JSON).
  Jobs retry these with backoff; nothing has been applied when one is raised.
- RemoteError: the other side answered and said no (its message kept as `keterangan`, e.g. "Error: 200 …").
"""

from __future__ import annotations

import httpx
from django.conf import settings


class IntegrationError(Exception):
    pass


class NotConfigured(IntegrationError):
    def __init__(self, sistem: str):
        super().__init__(f"{sistem} belum dikonfigurasi di server ini. Hubungi admin aplikasi.")
        self.message = str(self)


class NetworkError(IntegrationError):
    def __init__(self, sistem: str, detail: str):
        super().__init__(f"{sistem} tidak dapat dihubungi ({detail}). Silakan coba lagi beberapa saat lagi.")
        self.message = str(self)
        self.detail = detail


class RemoteError(IntegrationError):
    def __init__(self, sistem: str, status: int, message: str):
        self.sistem = sistem
        self.status = status
        self.remote_message = message
        self.keterangan = f"Error: {status} {message}".strip()
        super().__init__(self.keterangan)
        self.message = message


def timeout() -> httpx.Timeout:
    return httpx.Timeout(float(getattr(settings, "INTEGRASI_TIMEOUT", 30)))


def request(sistem: str, method: str, url: str, **kwargs) -> httpx.Response:
    """One HTTP call; network trouble and server errors become NetworkError."""
    try:
        with httpx.Client(timeout=timeout()) as client:
            response = client.request(method, url, **kwargs)
    except httpx.TimeoutException as exc:
        raise NetworkError(sistem, "waktu habis") from exc
    except httpx.HTTPError as exc:
        raise NetworkError(sistem, type(exc).__name__) from exc
    if response.status_code >= 500 or response.status_code == 429:
        raise NetworkError(sistem, f"HTTP {response.status_code}")
    return response


def json_of(sistem: str, response: httpx.Response) -> dict:
    try:
        data = response.json()
    except ValueError as exc:
        raise NetworkError(sistem, "jawaban bukan JSON") from exc
    if not isinstance(data, dict):
        raise NetworkError(sistem, "jawaban tidak dikenal")
    return data
