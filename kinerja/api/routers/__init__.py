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
    ("/tpp", "tpp"),
    ("/ckhp", "ckhp"),
]


def register(api) -> None:
    for prefix, module in ROUTERS:
        api.add_router(prefix, importlib.import_module(f"{__name__}.{module}").router)
