"""Audit events. Every state-changing service calls `record` inside its transaction."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db import models

from .models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of `fields` of `obj` (foreign keys as their ids), ready to store."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        data[name] = _jsonable(getattr(obj, field.attname))
    return data


def _event(
    *,
    actor,
    action: str,
    obj: models.Model,
    instansi=None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    actor_label = ""
    if actor is not None:
        actor_label = getattr(actor, "username", "") or str(actor)
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label,
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        instansi=instansi,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    instansi=None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    event = _event(actor=actor, action=action, obj=obj, instansi=instansi, before=before, after=after)
    event.save()
    return event


def record_many(events: list[dict], *, batch_size: int = 1000) -> list[AuditEvent]:
    """Several audit events in one multi-row INSERT (bulk paths). Each dict holds `record`'s keyword arguments."""
    rows = [_event(**e) for e in events]
    return AuditEvent.objects.bulk_create(rows, batch_size=batch_size) if rows else []
