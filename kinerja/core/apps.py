from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kinerja.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self):
        from django.db.models.signals import pre_save

        from .teks import guard

        # Text with NUL or beyond a column's length: a clear refusal on every database, never a 500.
        pre_save.connect(guard, dispatch_uid="kinerja.core.teks.guard")
