"""The batched write path of the import: new rows by COPY on PostgreSQL, by bulk_create elsewhere.

Used by `impor._create_pegawai` for a first import of thousands of employees: their logins, the employees,
their historical rows (django-simple-history) and their audit events go in a handful of statements instead
of a query per row (bench/import_ratio.py measures it against a raw COPY).
"""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

from kinerja.core.models import AuditEvent

BATCH = 500


def insert_many(model, objs: list) -> None:
    """Insert unsaved `objs` of `model` and set their primary keys (signals are not sent, as bulk_create)."""
    if not objs:
        return
    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: no proxy lookup per value
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        return
    meta, qn = model._meta, connection.ops.quote_name
    fields = list(meta.concrete_fields)
    plain = [_plain(f) for f in fields]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cur.fetchall(), strict=True):
            setattr(obj, meta.pk.attname, pk)
        columns = ", ".join(qn(f.column) for f in fields)
        with cur.cursor.copy(f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([
                    getattr(obj, f.attname) if p else f.get_db_prep_save(f.pre_save(obj, True), connection)
                    for f, p in zip(fields, plain, strict=True)
                ])  # fmt: skip
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias


def _plain(field) -> bool:
    """Whether psycopg can take the attribute as it is (no conversion, no value set on save)."""
    if isinstance(field, models.DateTimeField | models.DateField) and (field.auto_now or field.auto_now_add):
        return False
    return isinstance(
        field,
        models.AutoField
        | models.BigAutoField
        | models.IntegerField
        | models.CharField
        | models.TextField
        | models.BooleanField
        | models.DateField
        | models.ForeignKey,
    ) and not isinstance(field, models.DateTimeField)


def unusable_password() -> str:
    """What `set_unusable_password` stores ("!" + 40 random characters), without its slow per-call setup."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def insert_with_history(model, objs: list, *, actor) -> None:
    """`insert_many` plus one "+" historical row per object, as `bulk_create_with_history` writes it."""
    insert_many(model, objs)
    history = model.history.model
    now = timezone.now()
    tracked = [f.attname for f in history.tracked_fields]
    rows = [
        history(
            history_date=now,
            history_user=actor if getattr(actor, "pk", None) else None,
            history_change_reason="",
            history_type="+",
            **{name: getattr(obj, name) for name in tracked},
        )
        for obj in objs
    ]
    insert_many(history, rows)


def audit_many(*, actor, action: str, items: list[tuple], instansi) -> None:
    """One AuditEvent per (obj, before, after), as `kinerja.core.audit.record` writes them, in bulk."""
    actor_label = (getattr(actor, "username", "") or str(actor)) if actor is not None else ""
    user = actor if getattr(actor, "pk", None) else None
    events = [
        AuditEvent(
            actor=user,
            actor_label=actor_label,
            action=action,
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            object_label=str(obj)[:300],
            instansi=instansi,
            before=before,
            after=after,
        )
        for obj, before, after in items
    ]
    insert_many(AuditEvent, events)
