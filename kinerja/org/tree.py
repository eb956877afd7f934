"""Unit tree maintenance for bulk paths that bypass UnitKerja.save()."""

from django.db.models import Case, IntegerField, Value, When

from .models import UnitKerja


def rebuild_paths(instansi_id: int) -> int:
    """Recompute `path` and `depth` of every unit of an instansi from `parent`. Returns units changed."""
    rows = list(UnitKerja.objects.filter(instansi_id=instansi_id).values_list("pk", "parent_id", "path"))
    parent_of = {pk: parent for pk, parent, _ in rows}
    computed: dict[int, str] = {}

    def path_of(pk: int, seen: frozenset = frozenset()) -> str:
        if pk in computed:
            return computed[pk]
        if pk in seen:
            raise ValueError("Struktur unit kerja melingkar")
        parent = parent_of.get(pk)
        if parent is None or parent not in parent_of:
            prefix = (
                "/" if parent is None else UnitKerja.objects.values_list("path", flat=True).get(pk=parent)
            )
        else:
            prefix = path_of(parent, seen | {pk})
        computed[pk] = f"{prefix}{pk}/"
        return computed[pk]

    changed = [pk for pk, _, path in rows if path_of(pk) != path]
    for start in range(0, len(changed), 500):
        batch = changed[start : start + 500]
        UnitKerja.objects.filter(pk__in=batch).update(
            path=Case(*[When(pk=pk, then=Value(computed[pk])) for pk in batch]),
            depth=Case(
                *[When(pk=pk, then=Value(computed[pk].count("/") - 2)) for pk in batch],
                output_field=IntegerField(),
            ),
        )
    return len(changed)
