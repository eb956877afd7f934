"""Printable documents: a Django template rendered to PDF with WeasyPrint (HTML + CSS paged media).

Stylesheets and images under STATIC_URL are read from the local static files, never over HTTP (no request to
ourselves from a worker, no server-side request forgery); any other URL in a document is refused.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string

CONTENT_TYPE = "application/pdf"
INTERNAL_BASE_URL = (
    "http://kinerja.internal/"  # only to resolve relative URLs; nothing is ever fetched from it
)
_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def static_file_path(url: str) -> str | None:
    """The local file behind a URL under STATIC_URL (collected files first, then the app finders), or None."""
    path = unquote(urlsplit(url).path)
    prefix = urlsplit(settings.STATIC_URL).path
    if not path.startswith(prefix):
        return None
    name = path[len(prefix) :]
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except (SuspiciousFileOperation, NotImplementedError, ValueError):
        return None
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    return found if isinstance(found, str) else None


@functools.cache
def _weasyprint():
    """WeasyPrint, imported on first use: the app starts (and serves every other page) without Pango installed."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves static files from disk and `data:` URLs; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file_path(url)
            if path is None:
                raise ValueError(f"URL di luar berkas statis tidak dimuat dalam PDF: {url}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=open(path, "rb"), headers={"Content-Type": content_type})  # noqa: SIM115 (closed by WeasyPrint)

    return HTML, StaticFilesFetcher


def static_files_fetcher():
    """A WeasyPrint URL fetcher that reads only our own static files."""
    return _weasyprint()[1]()


def safe_filename(name: str) -> str:
    """`SKP Budi 2025` -> `SKP_Budi_2025.pdf`: ASCII only, no quotes or path parts."""
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    stem = _SAFE_FILENAME.sub("_", stem).strip("._") or "dokumen"
    return f"{stem[:120]}.pdf"


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """The template rendered to PDF bytes. `request` only gives the base URL that relative links resolve against."""
    html = render_to_string(template_name, context)
    base_url = request.build_absolute_uri("/") if request is not None else INTERNAL_BASE_URL
    html_class, _ = _weasyprint()
    return html_class(string=html, base_url=base_url, url_fetcher=static_files_fetcher()).write_pdf()


def pdf_response(template_name: str, context: dict, *, filename: str, request=None) -> HttpResponse:
    """The rendered PDF as an HTTP response shown in the browser (inline), with a download file name."""
    response = HttpResponse(render_pdf(template_name, context, request=request), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{safe_filename(filename)}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
