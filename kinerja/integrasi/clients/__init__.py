"""HTTP clients of the systems e-Kinerja talks to. Contract: docs/integrations.md."""

from .base import IntegrationError, NetworkError, NotConfigured, RemoteError  # noqa: F401
