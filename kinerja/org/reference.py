"""Fixed reference tables: golongan ruang with pangkat (PNS) and PPPK grades."""

GOLONGAN_PNS: tuple[tuple[str, str], ...] = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)

# PPPK grades (Perpres 98/2020): golongan I to XVII, no pangkat.
GOLONGAN_PPPK: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)  # fmt: skip

PANGKAT = dict(GOLONGAN_PNS)


def golongan_choices(jenis_asn: str) -> list[tuple[str, str]]:
    if jenis_asn == "PPPK":
        return [(g, f"PPPK - {g}") for g in GOLONGAN_PPPK]
    return [(g, f"PNS - {g} ({p})") for g, p in GOLONGAN_PNS]


def all_golongan_choices() -> list[tuple[str, str]]:
    return golongan_choices("PNS") + golongan_choices("PPPK")


def is_valid_golongan(jenis_asn: str, kode: str) -> bool:
    return kode in (PANGKAT if jenis_asn == "PNS" else GOLONGAN_PPPK)


def pangkat_golongan(jenis_asn: str, kode: str) -> str:
    """As the profile shows it: `Penata Muda Tingkat I / III/b`, or `PPPK / IX`."""
    if not kode:
        return "-"
    if jenis_asn == "PPPK":
        return f"PPPK / {kode}"
    return f"{PANGKAT.get(kode, '-')} / {kode}"
