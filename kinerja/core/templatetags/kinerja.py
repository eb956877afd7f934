from django import template

from kinerja.core import dates

register = template.Library()


@register.filter
def tanggal(value):
    return dates.tanggal(value)


@register.filter
def waktu(value):
    return dates.waktu(value)


@register.simple_tag
def rentang(awal, akhir):
    return dates.rentang(awal, akhir)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def ribuan(value):
    """12345 -> "12.345" (Indonesian thousands separator)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value
