"""What the batch sync paths share: fetch every person of a batch first, then apply the batch in one go.

`ambil_lalu_terapkan` keeps the jobs' exactly-once guarantee (docs/integrations.md, Jobs): the remote calls of a
batch happen before any write; when one of them fails (NetworkError, or anything else), the people fetched
before it are applied — their remote calls are not repeated, which matters for Kirim ke SIASN whose save has
already happened at SIASN — and the error propagates with nothing of the failing person written. The job's
retry then skips everyone logged and starts again at the failing person.
"""

from __future__ import annotations

from collections.abc import Callable


def ambil_lalu_terapkan(people: list, ambil: Callable, terapkan: Callable) -> list:
    """`ambil(person)` for each person in order (remote calls, no DB writes), then `terapkan([(person, what)])`."""
    fetched = []
    try:
        for person in people:
            fetched.append((person, ambil(person)))
    except Exception:
        if fetched:
            terapkan(fetched)
        raise
    return terapkan(fetched)
