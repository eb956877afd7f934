"""Error pages that must work when nothing else does (handler500 in config/urls.py).

When the database cannot be reached (connection refused, dropped mid-request, server restarting) Django raises an
OperationalError or InterfaceError. Every write runs in one transaction, so the request's changes were rolled back
entirely; the page says so, with status 503 and Retry-After so that load balancers and clients try again. The
templates are rendered without the request: the context processors (menu, user) would query the database.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

PESAN_BASIS_DATA = (
    "Basis data e-Kinerja sedang tidak dapat dihubungi. Perubahan yang Anda kirim tidak disimpan sama sekali; "
    "silakan coba lagi beberapa saat lagi."
)
RETRY_AFTER = "30"


def basis_data_putus(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request, *args, **kwargs):
    exc = sys.exc_info()[1]
    if basis_data_putus(exc):
        logger.error("database unreachable: %s", exc)
        body = render_to_string("503_basis_data.html", {"pesan": PESAN_BASIS_DATA})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = RETRY_AFTER
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
