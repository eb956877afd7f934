"""Text typed by users, refused cleanly before the database sees it.

PostgreSQL cannot store the NUL character (in text or in JSON) and refuses a value longer than a CharField's
max_length; SQLite stores both silently. Forms (Django's CharField) and the API (`Teks`) already refuse NUL, but a
service may be called by anything (a job, a sync, another service). So every save of one of our models passes
through `guard` (a pre_save receiver, connected in `CoreConfig.ready`), which turns such a value into the same
`DomainError` on both databases, next to its field, instead of a database error (a 500) on PostgreSQL only.
Services call `periksa_teks` themselves for text that only reaches the audit record or a bulk write.
"""

from __future__ import annotations

from django.db import models

from .errors import DomainError

NUL = "\x00"


def periksa_teks(value, *, label: str, field: str | None = None, maks: int | None = None) -> None:
    """Refuse a text with the NUL character or longer than `maks` characters."""
    if not isinstance(value, str):
        return
    if NUL in value:
        raise DomainError(f"{label} tidak boleh memuat karakter NUL (\\0).", field=field)
    if maks is not None and len(value) > maks:
        raise DomainError(f"{label} paling banyak {maks} karakter (saat ini {len(value)}).", field=field)


def _ada_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_ada_nul(k) or _ada_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_ada_nul(v) for v in value)
    return False


def _label(field: models.Field) -> str:
    name = str(field.verbose_name or field.name)
    return name[:1].upper() + name[1:]


def guard(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """pre_save: the text and JSON fields of a model of ours hold no NUL, the CharFields fit their max_length."""
    if raw or not sender.__module__.startswith("kinerja."):
        return
    for field in sender._meta.concrete_fields:
        if update_fields is not None and field.name not in update_fields:
            continue
        if isinstance(field, models.CharField | models.TextField):
            maks = field.max_length if isinstance(field, models.CharField) else None
            periksa_teks(getattr(instance, field.attname), label=_label(field), field=field.name, maks=maks)
        elif isinstance(field, models.JSONField) and _ada_nul(getattr(instance, field.attname)):
            raise DomainError("Teks tidak boleh memuat karakter NUL (\\0).")
