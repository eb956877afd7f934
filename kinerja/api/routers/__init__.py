"""One router module per area. Add yours to ROUTERS as (prefix, "module")."""

import importlib

ROUTERS: list[tuple[str, str]] = [
    ("/sistem", "sistem"),
]


def register(api) -> None:
    for prefix, module in ROUTERS:
        mod = importlib.import_module(f"{__name__}.{module}")
        api.add_router(prefix, mod.router)
