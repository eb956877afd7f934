"""Dates as Indonesians write them: 1 Januari 2024, 21 Juni 2024 - 31 Desember 2024."""

import datetime

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(value: datetime.date | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime.datetime):
        value = value.date()
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def rentang(awal: datetime.date | None, akhir: datetime.date | None) -> str:
    return f"{tanggal(awal)} - {tanggal(akhir)}"


def waktu(value: datetime.datetime | None) -> str:
    """A moment in local time: 1 Januari 2024 08:05."""
    if value is None:
        return "-"
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{tanggal(local.date())} {local:%H:%M}"
