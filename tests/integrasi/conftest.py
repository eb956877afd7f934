"""The local SIASN/PMM emulator on a loopback port, reset for every test, with our settings pointed at it."""

import httpx
import pytest

from kinerja.integrasi.emulator import Emulator
from kinerja.integrasi.emulator import dataset as ds


@pytest.fixture(scope="session")
def emulator_server():
    emu = Emulator().start()
    yield emu
    emu.stop()


class EmulatorHandle:
    def __init__(self, server):
        self.server = server
        self.url = server.url
        self.data = ds.empty()

    def load(self, data: dict | None = None) -> None:
        """Send the dataset (self.data unless given) to the emulator; clears calls, faults and tokens."""
        if data is not None:
            self.data = data
        httpx.post(f"{self.url}/_emulator/reset", json=self.data).raise_for_status()

    def faults(self, *rules: dict) -> None:
        httpx.post(f"{self.url}/_emulator/faults", json={"rules": list(rules)}).raise_for_status()

    def expire_tokens(self) -> None:
        httpx.post(f"{self.url}/_emulator/expire-tokens").raise_for_status()

    def calls(self, contains: str = "") -> list:
        return [c for c in httpx.get(f"{self.url}/_emulator/calls").json() if contains in c[1]]

    def remote(self) -> dict:
        return httpx.get(f"{self.url}/_emulator/data").json()


@pytest.fixture
def emulator(emulator_server, settings):
    """An empty emulator dataset loaded; fill `emulator.data` and call `emulator.load()`."""
    from django.core.cache import cache

    handle = EmulatorHandle(emulator_server)
    handle.load()
    for key, value in emulator_server.settings().items():
        setattr(settings, key, value)
    settings.INTEGRASI_TIMEOUT = 1.0
    cache.delete_many(["integrasi:siasn:apim", "integrasi:siasn:sso"])
    yield handle
    cache.delete_many(["integrasi:siasn:apim", "integrasi:siasn:sso"])
