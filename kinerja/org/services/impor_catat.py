"""History rows and audit events of an import, collected while it plans its writes and written in bulk.

They hold what `Model.save()` (django-simple-history) and `kinerja.core.audit.record` would have written for
each row, but go in with one statement per table (`impor_bulk.insert_rows`), after the rows themselves.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from operator import itemgetter

from django.utils import timezone

from kinerja.core.models import AuditEvent

from .impor_bulk import defaults, insert_rows, new_row_columns

_HISTORY = ("history_date", "history_change_reason", "history_type", "history_user_id")


class Catatan:
    def __init__(self, *, actor, instansi):
        self.now = timezone.now()
        self.actor_id = actor.pk if getattr(actor, "pk", None) else None
        self.actor_label = (getattr(actor, "username", "") or str(actor)) if actor is not None else ""
        self.instansi_id = instansi.pk
        self._history: dict = {}  # model -> list of (values by attname, history_type, change reason)
        self._events: list = []  # tuples, or iterators of tuples (`events`)

    def history(self, model, values: dict, *, jenis: str, reason: str | None = None) -> None:
        """One historical row of `model` holding `values` (every tracked column, by attribute name).

        `jenis` is "+" (created) or "~" (changed); `reason` is what simple_history would store: None for a
        row saved by `save()`, "" for one written by its bulk helpers (new employees, as before)."""
        self._history.setdefault(model, []).append((values, jenis, reason))

    def event(self, action: str, model, object_id, label: str, *, before=None, after=None) -> None:
        """One AuditEvent as `audit.record(actor=…, action=…, obj=…, instansi=…)` writes it; `label` is
        `str(obj)`, `before`/`after` plain values (dates are stored as ISO text, as `audit` does)."""
        self._events.append((action, model._meta.label, str(object_id), label[:300], before, after))

    def events(self, action: str, model, items: Iterable[tuple]) -> None:
        """Many `event`s of one action and model, from (object_id, label, before, after) tuples. `items` may
        be a generator: it is then run while the events are being written (see `impor_bulk.insert_rows`)."""
        object_type = model._meta.label
        self._events.append(
            ((action, object_type, str(pk), label[:300], before, after) for pk, label, before, after in items)
        )

    def write(self) -> None:
        """Write everything collected: one statement per history table, one for the audit events."""
        for model, items in self._history.items():
            history = model.history.model
            tracked = [c for c in new_row_columns(history) if c not in _HISTORY]
            values_of = itemgetter(*tracked)
            now, actor_id = self.now, self.actor_id
            rows = ((*values_of(values), now, reason, jenis, actor_id) for values, jenis, reason in items)
            insert_rows(history, [*tracked, *_HISTORY], rows)
        self._history = {}
        columns = new_row_columns(AuditEvent)
        fixed = {
            **defaults(AuditEvent, columns),
            "waktu": self.now,
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "instansi_id": self.instansi_id,
        }
        names = ("action", "object_type", "object_id", "object_label", "before", "after")
        same = tuple(fixed[c] for c in columns if c not in names)
        rest = [c for c in columns if c not in names]
        events = itertools.chain.from_iterable(e if isinstance(e, Iterator) else [e] for e in self._events)
        insert_rows(AuditEvent, [*rest, *names], ((*same, *event) for event in events))
        self._events = []
