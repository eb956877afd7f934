"""A local emulator of SIASN and PMM for tests and the demo (stdlib only). See server.py."""

from .server import Emulator  # noqa: F401
