"""Factories for tests. Every name is invented; NIPs are generated to be valid."""

import datetime
import itertools

import factory

from kinerja.org import rules
from kinerja.org.models import (
    Instansi,
    Jabatan,
    JenisJabatan,
    JenisPegawai,
    Pegawai,
    PenugasanPlt,
    Peran,
    UnitKerja,
    User,
)

_urut = itertools.count(1)


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi

    kode = factory.Sequence(lambda n: f"I{n:05d}")
    nama = factory.Sequence(lambda n: f"Pemerintah Kab. Contoh {n}")


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    instansi = factory.LazyAttribute(lambda o: o.parent.instansi if o.parent else InstansiFactory())
    id_unor = factory.Sequence(lambda n: f"{n:032x}")
    nama = factory.Sequence(lambda n: f"BIDANG CONTOH {n}")
    eselon = "32"
    parent = None


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan
        django_get_or_create = ("nama", "jenjang")

    nama = factory.Sequence(lambda n: f"Analis Contoh {n}")
    jenis = JenisJabatan.JF
    jenjang = "Ahli Pertama"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("rahasia-uji-123")
    peran = Peran.PEGAWAI


def _nip(o) -> str:
    return rules.make_nip(
        tanggal_lahir=o.tanggal_lahir,
        tmt=o.tmt_cpns,
        jenis_asn=o.jenis_asn,
        jenis_kelamin=o.jenis_kelamin,
        urut=next(_urut) % 999 + 1,
    )


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    instansi = factory.LazyAttribute(lambda o: o.unit_kerja.instansi)
    nama = factory.Sequence(lambda n: f"PEGAWAI CONTOH {n}")
    tanggal_lahir = factory.Sequence(
        lambda n: datetime.date(1970, 1, 1) + datetime.timedelta(days=37 * n % 9000)
    )
    jenis_kelamin = rules.PRIA
    jenis_asn = rules.PNS
    tmt_cpns = datetime.date(2010, 3, 1)
    tmt_pns = datetime.date(2011, 3, 1)
    nip = factory.LazyAttribute(_nip)
    jabatan = factory.SubFactory(JabatanFactory)
    golongan = "III/b"
    jenis_pegawai = JenisPegawai.PEGAWAI
    user = factory.LazyAttribute(lambda o: UserFactory(username=o.nip))


class PenugasanPltFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenugasanPlt

    pegawai = factory.SubFactory(PegawaiFactory)
    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    tanggal_mulai = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    tanggal_selesai = None
