"""Rendering the cells of long pages once: the Pengisian page and the Penilaian Bawahan sheet draw every indicator
twice (a table from the xxl/md breakpoint, cards below), so each cell is rendered once here and shown in both;
the row URLs come from one reverse() per URL name instead of one per row."""

from __future__ import annotations

from collections.abc import Callable

from django.template import Context
from django.template.context_processors import csrf
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString

_PK = 987654321  # stands for the row's pk in the reversed URL


def url_pola(name: str, *args) -> Callable[[int], str]:
    """The URL of `name` for any value of its last argument (a pk), from one reverse()."""
    head, tail = reverse(name, args=[*args, _PK]).rsplit(str(_PK), 1)
    return lambda pk: f"{head}{pk}{tail}"


class Potongan:
    """Renders small partial templates with one plain Context (no context processors: the page's own render
    runs them once) holding `shared` and the CSRF token; each call adds its own variables."""

    def __init__(self, request, **shared):
        self.context = Context({**csrf(request), **shared}, autoescape=True)
        self.templates = {}

    def __call__(self, name: str, **local) -> SafeString:
        if name not in self.templates:
            self.templates[name] = get_template(name).template
        with self.context.push(local):
            return self.templates[name].render(self.context)
