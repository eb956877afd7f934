"""Authentication by NIP and password only. Rights come from `rules` predicates (kinerja/*/permissions.py);
Django's per-model permission tables are not used, so asking them would only cost two queries on every page."""

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False
