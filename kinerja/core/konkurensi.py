"""Optimistic concurrency: the version token `versi` of rows that several people edit at once (docs/konkurensi.md).

A form carries the `versi` of the row it was drawn from as a hidden field; the service locks the row
(`select_for_update`), compares, refuses a stale token with `KonflikError`, and increments the token on every
effective change. `versi=None` (callers without a form: bulk paths, integrations, demo, API without the field)
skips the comparison; the change is then applied under the row lock."""

from __future__ import annotations

from django import forms

from .errors import DomainError

KONFLIK = "Data telah diubah oleh pengguna lain. Muat ulang halaman untuk melihat perubahan terbaru."
TIDAK_BERLAKU = "Formulir ini tidak lagi berlaku. Muat ulang halaman lalu isi kembali."


class KonflikError(DomainError):
    """The row changed since the user's page was drawn (or the action's state no longer holds): the API's 409.

    `versi` is the row's current token, so that a form shown again can be sent once more on purpose."""

    def __init__(self, detail: str = "", *, versi: int | None = None, field: str | None = None):
        super().__init__(f"{KONFLIK} {detail}".strip(), field=field)
        self.versi = versi


def cek_versi(obj, versi: int | None, detail: str = "") -> None:
    """Refuse a stale token; `obj` must have been read under its row lock. None = the caller sent no token."""
    if versi is not None and int(versi) != obj.versi:
        raise KonflikError(detail, versi=obj.versi)


class VersiField(forms.IntegerField):
    """The hidden `versi` of a form."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("error_messages", {"invalid": TIDAK_BERLAKU, "min_value": TIDAK_BERLAKU})
        super().__init__(**kwargs)


class VersiFormMixin:
    """For forms with a `versi` field: a conflict keeps the user's input and shows the message at the top of the
    form; the hidden token becomes the current one, so that sending the form again is a deliberate choice.

    `saran_konflik` is added to the message (how to keep the input); empty for one-shot actions."""

    saran_konflik = ""

    def full_clean(self):
        super().full_clean()
        if self._errors and "versi" in self._errors:  # hidden: its error is shown at the top of the form
            for message in self._errors.pop("versi"):
                self.add_error(None, message)

    def add_domain_error(self, error: DomainError) -> None:
        if not isinstance(error, KonflikError):
            super().add_domain_error(error)
            return
        message = f"{error.message} {self.saran_konflik}".strip()
        super().add_domain_error(DomainError(message))
        if error.versi is not None and self.is_bound:
            data = self.data.copy()
            data[self.add_prefix("versi")] = str(error.versi)
            self.data = data
