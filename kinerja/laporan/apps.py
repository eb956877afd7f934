from django.apps import AppConfig


class LaporanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kinerja.laporan"
    label = "laporan"
    verbose_name = "Laporan dan keluaran"
