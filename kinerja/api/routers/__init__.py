"""One router module per area, each with a module-level `router`."""

import importlib

ROUTERS: list[tuple[str, str]] = [
    ("/sistem", "sistem"),
    ("/sesi", "sesi"),
    ("/organisasi", "organisasi"),
    ("/skp", "skp"),
    ("/penilaian", "penilaian"),
    ("/keberatan", "keberatan"),
    ("/keluaran", "keluaran"),
    ("/sinkron", "sinkron"),
]


def register(api) -> None:
    for prefix, module in ROUTERS:
        try:
            mod = importlib.import_module(f"{__name__}.{module}")
        except ModuleNotFoundError as exc:  # TEMPORARY while routers are being written; made strict before merge
            if exc.name != f"{__name__}.{module}":
                raise
            continue
        api.add_router(prefix, mod.router)
