from django.apps import AppConfig


class HarianConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kinerja.harian"
    label = "harian"
    verbose_name = "Kinerja bulanan dan harian"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
