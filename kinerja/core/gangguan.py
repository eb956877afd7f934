"""Crash points for rehearsing faults (docs/security.md, "Faults").

`titik("nama")` kills the current process with SIGKILL — no cleanup, no rollback handler, no Celery ack, exactly as
the kernel's OOM killer or a pulled plug would — when the environment variable KINERJA_GANGGUAN names that point.
The fault tests (tests/security/test_gangguan.py) run a real worker process with it set and then run the job again
without it. Never set KINERJA_GANGGUAN on a production machine; unset, a crash point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

ENV = "KINERJA_GANGGUAN"

# Every crash point in the code, so the tests can check none is forgotten.
TITIK = {
    "impor.sebelum_commit": "the import has written every row of the file, its transaction is not committed yet",
    "sinkron.tengah_batch": "a sync batch has applied its people's profiles, its log rows are not written yet",
    "sinkron.setelah_batch": "a sync batch is committed, the next batch has not started",
}


def titik(nama: str) -> None:
    """Die here (SIGKILL) when KINERJA_GANGGUAN is `nama` (after its optional count: `nama@2` = the 2nd time)."""
    want = os.environ.get(ENV)
    if not want:
        return
    point, _, after = want.partition("@")
    if point != nama:
        return
    if after:
        _hits[nama] = _hits.get(nama, 0) + 1
        if _hits[nama] < int(after):
            return
    os.kill(os.getpid(), signal.SIGKILL)


_hits: dict[str, int] = {}
