"""Bulk writers for the synthetic nation: PostgreSQL COPY through Django's connection, bulk_create elsewhere.

Rows are plain tuples in the order of a `Table`'s fields; every other concrete column of the model gets its
default (or NULL), so a field added later with a default needs no change here. Primary keys are assigned by
the generator from an `IdPool` reserved up front, so rows can point at each other before they are written.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import DateField, DateTimeField, Model
from django.utils import timezone


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


class IdPool:
    """Primary keys for one model. PostgreSQL: taken from the column's sequence (safe beside other writers);
    elsewhere: counted on from the current maximum (the command is the only writer)."""

    def __init__(self, model: type[Model]):
        self.model = model
        self.table = model._meta.db_table
        self.pk = model._meta.pk.column
        self._next: int | None = None

    def take(self, n: int) -> list[int]:
        if n <= 0:
            return []
        with connection.cursor() as cursor:
            if is_postgres():
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [connection.ops.quote_name(self.table), self.pk, n],
                )
                return [row[0] for row in cursor.fetchall()]
            if self._next is None:
                cursor.execute(
                    f"SELECT COALESCE(MAX({connection.ops.quote_name(self.pk)}), 0) "
                    f"FROM {connection.ops.quote_name(self.table)}"
                )
                self._next = cursor.fetchone()[0] + 1
        start, self._next = self._next, self._next + n
        return list(range(start, start + n))


class Table:
    """One model's rows waiting to be written: `fields` are given per row, the rest get their defaults."""

    def __init__(self, model: type[Model], fields: Sequence[str]):
        self.model = model
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        names = {f.name for f in given}
        rest = [f for f in meta.concrete_fields if f.name not in names]
        now = timezone.now()
        extra = []
        for f in rest:
            if isinstance(f, DateTimeField | DateField) and (f.auto_now or f.auto_now_add):
                extra.append(now if isinstance(f, DateTimeField) else now.date())
            elif f.has_default():
                extra.append(f.get_default())
            elif f.null:
                extra.append(None)
            elif f.empty_strings_allowed and not f.primary_key and not isinstance(f, DateField):
                extra.append("")  # a text field without default: Django's own default is the empty string
            elif f.primary_key:
                raise ImproperlyConfigured(f"{meta.label}: the primary key must be given by the generator.")
            else:
                raise ImproperlyConfigured(
                    f"{meta.label}.{f.name} has no default; the generator must fill it."
                )
        self.fields = given + rest
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.extra = tuple(extra)
        self.extra_db = tuple(f.get_db_prep_save(v, connection) for f, v in zip(rest, extra, strict=True))
        self.rows: list[tuple] = []

    def add(self, *values) -> None:
        self.rows.append(values)

    def __len__(self) -> int:
        return len(self.rows)


class Stats:
    """Rows and seconds spent writing, per table."""

    def __init__(self):
        self.rows: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def add(self, table: str, rows: int, seconds: float) -> None:
        self.rows[table] = self.rows.get(table, 0) + rows
        self.seconds[table] = self.seconds.get(table, 0.0) + seconds

    @property
    def total_rows(self) -> int:
        return sum(v for k, v in self.rows.items() if not k.startswith("("))

    def lines(self) -> list[str]:
        out = []
        for table, rows in self.rows.items():
            seconds = self.seconds[table]
            rate = rows / seconds if seconds else 0
            out.append(f"{table:<36} {rows:>12,} baris {seconds:>9.2f} dtk {rate:>12,.0f} baris/dtk")
        return out


class Sink:
    """Buffers rows per table and writes them all, parents first, in one transaction per flush."""

    def __init__(self, tables: dict[str, Table], *, chunk: int = 50_000, batch_size: int = 1_000):
        self.t = tables
        self.tables = list(tables.values())  # in dependency order
        self.chunk = chunk
        self.batch_size = batch_size
        self.stats = Stats()
        self.postgres = is_postgres()

    @property
    def pending(self) -> int:
        return sum(len(t) for t in self.tables)

    def maybe_flush(self) -> bool:
        if self.pending >= self.chunk:
            self.flush()
            return True
        return False

    def flush(self) -> None:
        written = 0
        with transaction.atomic():
            for table in self.tables:
                if table.rows:
                    started = time.perf_counter()
                    count = len(table.rows)
                    (self._copy if self.postgres else self._bulk)(table)
                    self.stats.add(table.model._meta.db_table, count, time.perf_counter() - started)
                    table.rows = []
                    written += count
            committing = time.perf_counter()
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: they are checked here, at commit.
        self.stats.add("(commit: pemeriksaan foreign key)", written, time.perf_counter() - committing)

    def _copy(self, table: Table) -> None:
        qn = connection.ops.quote_name
        sql = f"COPY {qn(table.model._meta.db_table)} ({', '.join(qn(c) for c in table.columns)}) FROM STDIN"
        extra = table.extra_db
        with connection.cursor() as wrapper, wrapper.cursor.copy(sql) as copy:
            write = copy.write_row
            for row in table.rows:
                write(row + extra)

    def _bulk(self, table: Table) -> None:
        model, attnames, extra = table.model, table.attnames, table.extra
        objs = [model(**dict(zip(attnames, row + extra, strict=True))) for row in table.rows]
        model.objects.bulk_create(objs, batch_size=self.batch_size)
