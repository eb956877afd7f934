"""The batched reads and writes of the import: a constant number of statements, whatever the file's size.

Rows are plain tuples of attribute values (as a model instance holds them: dates, ids, dicts for JSON), never
model instances. On PostgreSQL new rows go in by `COPY … FROM STDIN`, changed rows by one
`UPDATE … FROM unnest(%s::type[], …)` and lookups by `= ANY(%s)`; on other databases (SQLite in the tests)
by `executemany` and `IN (…)`. New rows get their ids from the database and are read back by their natural key
(`username`, `nip`, `id_unor`, …) with one query. Signals are not sent (history rows and audit events are written
by the caller, in bulk too). A COPY is added to `connection.queries_log` like any other statement, so query-count
tests and `bench/` see it.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import itertools
import json
import os
import time
from collections.abc import Iterable, Sequence

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL


def _connection():
    return connections[DEFAULT_DB_ALIAS]


def _postgres(connection) -> bool:
    return connection.vendor == "postgresql"


def fields_of(model, attnames: Sequence[str]) -> list[models.Field]:
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    return [by_attname[a] for a in attnames]


def new_row_columns(model) -> list[str]:
    """Every column of `model` but an auto-incremented primary key, as attribute names."""
    return [f.attname for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]


def defaults(model, attnames: Sequence[str]) -> dict[str, object]:
    """The model's default of each column (a callable default, such as `timezone.now`, is called once)."""
    fields = fields_of(model, attnames)
    return {f.attname: f.get_default() for f in fields}


def _array_of(field, connection) -> str:
    """The PostgreSQL array type of a parameter for `field`: text for text (a cast to varchar(n) would cut)."""
    if isinstance(field, models.CharField | models.TextField):
        return "text[]"
    return f"{field.cast_db_type(connection)}[]"


def _log(connection, sql: str, started: float) -> None:
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})


def insert_rows(model, attnames: Sequence[str], rows: Iterable[tuple]) -> None:
    """INSERT `rows` (tuples of values in the order of `attnames`) into `model`'s table in one statement.

    `rows` may be a generator: on PostgreSQL each row is sent as soon as it is made, so building the rows
    overlaps with the server writing the ones before. JSON values are dicts; dates in them become ISO text."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    rows = itertools.chain([first], rows)
    connection = _connection()
    fields = fields_of(model, attnames)
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    if json_at:
        rows = (_with_json(row, json_at) for row in rows)
    qn = connection.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    if _postgres(connection):
        sql = f"COPY {table} ({columns}) FROM STDIN"
        started = time.monotonic()
        with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                write(row)
        _log(connection, sql, started)
        return
    prep = [None if i in json_at else f.get_db_prep_save for i, f in enumerate(fields)]
    params = [[v if p is None else p(v, connection) for p, v in zip(prep, row, strict=True)] for row in rows]
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cur:
        cur.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", params)


def _with_json(row: tuple, json_at: list[int]) -> list:
    row = list(row)
    for i in json_at:
        if row[i] is not None:
            row[i] = _json_dumps(row[i])
    return row


def _json_default(value):
    """What `kinerja.core.audit` stores for values JSON has no type for."""
    if isinstance(value, datetime.date):  # and datetime
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_json_dumps = json.JSONEncoder(default=_json_default).encode


def update_rows(model, attnames: Sequence[str], rows: list[tuple]) -> None:
    """Set the columns `attnames` of the rows whose primary key is each tuple's first value, in one statement."""
    if not rows:
        return
    connection = _connection()
    meta, qn = model._meta, connection.ops.quote_name
    fields = [meta.pk, *fields_of(model, attnames)]
    table, pk = qn(meta.db_table), qn(meta.pk.column)
    if _postgres(connection):
        names = [f"c{i}" for i in range(len(fields))]
        arrays = ", ".join(f"%s::{_array_of(f, connection)}" for f in fields)
        assign = ", ".join(f"{qn(f.column)} = v.{n}" for f, n in zip(fields[1:], names[1:], strict=True))
        sql = (
            f"UPDATE {table} SET {assign} FROM unnest({arrays}) AS v({', '.join(names)}) "
            f"WHERE {table}.{pk} = v.c0"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [list(column) for column in zip(*rows, strict=True)])
        return
    assign = ", ".join(f"{qn(f.column)} = %s" for f in fields[1:])
    params = [
        [*(f.get_db_prep_save(v, connection) for f, v in zip(fields[1:], row[1:], strict=True)), row[0]]
        for row in rows
    ]
    with connection.cursor() as cur:
        cur.executemany(f"UPDATE {table} SET {assign} WHERE {pk} = %s", params)


def any_of(model, field: str, keys: list):
    """A filter "`field` is one of `keys`": one array parameter on PostgreSQL (no SQL text with 20,000
    placeholders to build and parse), `field__in` elsewhere. The ORM reads the rows, so values come back
    converted as usual (dates on SQLite)."""
    connection = _connection()
    if _postgres(connection):
        qn, f = connection.ops.quote_name, model._meta.get_field(field)
        column = f"{qn(model._meta.db_table)}.{qn(f.column)}"
        return RawSQL(f"{column} = ANY(%s::{_array_of(f, connection)})", [list(keys)], models.BooleanField())
    return Q(**{f"{field}__in": list(keys)})


def ids_by(model, key: str, keys: list) -> dict:
    """{key value: primary key} of the rows of `model` whose `key` is one of `keys` (one query)."""
    if not keys:
        return {}
    return dict(model._default_manager.filter(any_of(model, key, keys)).order_by().values_list(key, "pk"))


def unusable_passwords(n: int) -> list[str]:
    """`n` values as `set_unusable_password` stores them ("!" + 40 random URL-safe characters), made from one
    read of `os.urandom` (30 random bytes are exactly 40 base64 characters, so slicing one long encoding
    gives the same strings as encoding 30 bytes at a time, as `secrets.token_urlsafe(30)` does)."""
    text = base64.urlsafe_b64encode(os.urandom(30 * n)).decode("ascii")
    return [UNUSABLE_PASSWORD_PREFIX + text[i : i + 40] for i in range(0, 40 * n, 40)]
