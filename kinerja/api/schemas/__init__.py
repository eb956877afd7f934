"""Request and response schemas of the public API, one module per area, and the shared input pieces.

`Teks` is the text type of every input: it refuses the NUL character (PostgreSQL cannot store it), so bad
input is a 422 with a field message, never a 500. `Halaman` is the page-number pagination of every list
(`?page=`, `{items, count}`), with the page number bounded so that a huge one is a 422, not a database error.
"""

from collections.abc import Callable
from typing import Annotated

from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, Field

PER_HALAMAN = 100


def _tanpa_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Teks tidak boleh memuat karakter NUL.")
    return value


def Teks(max_length: int | None = None, **kwargs):  # noqa: N802 - used like a type
    """A text input (optionally bounded), without NUL characters."""
    return Annotated[str, Field(max_length=max_length, **kwargs), AfterValidator(_tanpa_nul)]


class Halaman(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=PER_HALAMAN)

    def __init__(self, page_size: int = PER_HALAMAN, **kwargs):
        super().__init__(page_size=page_size, max_page_size=PER_HALAMAN, **kwargs)


class DenganSetelah:
    """A queryset whose sliced page passes through `setelah` (e.g. leaders of a page of units in two
    queries), so that `@paginate` keeps a constant number of queries."""

    def __init__(self, queryset, setelah: Callable):
        self.queryset = queryset
        self.setelah = setelah

    def all(self):
        return self.queryset.all()

    def __getitem__(self, key):
        return self.setelah(self.queryset[key])
