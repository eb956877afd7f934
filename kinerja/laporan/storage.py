"""Where generated documents (Cetak SKP Massal) are kept: a private file storage, never served as static or
media files. Only `views_cetak.cetak_job_unduh` hands a file out, to an admin of its instansi.

The directory is the setting CETAK_ROOT, else MEDIA_ROOT, else BASE_DIR/"media"; it is read on every use, so
`settings.CETAK_ROOT = tmp_path` in a test takes effect at once. File names are relative (`cetak/2026/01/…`).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def cetak_root() -> str:
    root = getattr(settings, "CETAK_ROOT", None) or getattr(settings, "MEDIA_ROOT", None)
    return str(root or settings.BASE_DIR / "media")


@deconstructible
class CetakStorage(FileSystemStorage):
    """FileSystemStorage under cetak_root(), with no public URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return cetak_root()

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Berkas cetak tidak memiliki URL publik; unduh lewat halaman Cetak SKP Massal.")
