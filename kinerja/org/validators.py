"""Password rules beyond length, commonness and digits: a password may not look like the person's own NIP or name.

Django's UserAttributeSimilarityValidator compares with the User's fields only (username = NIP, first/last name,
e-mail) and names the field in its message ("nama pengguna"); an employee's name lives on Pegawai. This validator
replaces it: the same measure (difflib's quick ratio against each word and the whole value), over the User's fields
and the Pegawai's name and NIP, with one message. Wired in AUTH_PASSWORD_VALIDATORS (config/settings.py).
"""

import re
from difflib import SequenceMatcher

from django.contrib.auth.password_validation import (
    UserAttributeSimilarityValidator,
    exceeds_maximum_length_ratio,
)
from django.core.exceptions import ValidationError

PESAN = "Kata sandi terlalu mirip dengan NIP atau nama Anda."


class MiripDataPegawaiValidator(UserAttributeSimilarityValidator):
    def _nilai(self, user) -> list[str]:
        nilai = [getattr(user, attr, None) for attr in ("username", "first_name", "last_name", "email")]
        pegawai = getattr(user, "pegawai", None)
        if pegawai is not None:
            nilai += [pegawai.nip, pegawai.nama]
        return [str(v) for v in nilai if v]

    def validate(self, password, user=None):
        if user is None:
            return
        sandi = password.lower()
        for nilai in self._nilai(user):
            for bagian in [*re.split(r"\W+", nilai), nilai]:
                bagian = bagian.lower()
                if not bagian or exceeds_maximum_length_ratio(sandi, self.max_similarity, bagian):
                    continue
                if SequenceMatcher(a=sandi, b=bagian).quick_ratio() >= self.max_similarity:
                    raise ValidationError(PESAN, code="password_too_similar")

    def get_help_text(self):
        return "Kata sandi tidak boleh mirip dengan NIP atau nama Anda."
