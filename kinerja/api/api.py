"""The public API under /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Every router calls the same services and selectors as the web views; see docs/api.md.
"""

from ninja import NinjaAPI

from . import errors
from .auth import AUTH

api = NinjaAPI(
    title="e-Kinerja API",
    version="1.0.0",
    description="API publik e-Kinerja: organisasi, SKP, penilaian, keberatan, sinkronisasi dan keluaran.",
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)

# Routers register themselves here (one module per area under kinerja/api/routers/).
from .routers import register  # noqa: E402

register(api)
