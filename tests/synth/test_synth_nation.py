"""manage.py synth_nation at a small size: the generated nation is consistent with the application's rules."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.urls import reverse

from kinerja.org import atasan
from kinerja.org.demo import PASSWORD
from kinerja.org.models import Instansi, JenisPegawai, Pegawai, PenugasanPlt, Peran, UnitKerja, User
from kinerja.org.rules import nip_problems
from kinerja.penilaian import rules as prules
from kinerja.penilaian.models import BuktiDukung, FeedbackPerilaku, Penilaian, PeriodePenilaian, Realisasi
from kinerja.skp.models import Indikator, Rhk, Skp
from kinerja.skp.services.rhk import rhk_atasan_choices
from kinerja.synth.organisasi import DOMAIN
from kinerja.synth.reset import hapus_sintetis

PEGAWAI, INSTANSI, TAHUN = 300, 2, 2025
SYN = Q(instansi__kode__startswith="SYN-")


@pytest.fixture(scope="module")
def nation(django_db_setup, django_db_blocker):
    """Generate once for the module (outside the per-test transaction), delete afterwards."""
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command(
            "synth_nation", pegawai=PEGAWAI, instansi=INSTANSI, tahun=TAHUN, seed=7, reset=True, stdout=out
        )
        yield out.getvalue()
        hapus_sintetis(out=lambda s: None)


def test_counts_and_unit_tree(nation, db):
    assert Instansi.objects.filter(kode__startswith="SYN-").count() == INSTANSI
    assert Pegawai.objects.filter(SYN).count() == PEGAWAI
    assert User.objects.filter(email__endswith=f"@{DOMAIN}", pegawai__isnull=False).count() == PEGAWAI
    plt = PenugasanPlt.objects.filter(unit_kerja__instansi__kode__startswith="SYN-").count()
    assert plt >= INSTANSI
    assert Skp.objects.filter(SYN, status="PERSETUJUAN").count() == PEGAWAI + plt
    assert PeriodePenilaian.objects.filter(SYN).count() == 5 * INSTANSI
    assert Penilaian.objects.filter(skp__instansi__kode__startswith="SYN-").count() == 5 * (PEGAWAI + plt)
    assert Rhk.objects.filter(skp__instansi__kode__startswith="SYN-").count() >= 2 * (PEGAWAI + plt)
    assert Indikator.objects.filter(rhk__skp__instansi__kode__startswith="SYN-").exists()
    assert Realisasi.objects.exists() and BuktiDukung.objects.exists() and FeedbackPerilaku.objects.exists()
    units = {u.pk: u for u in UnitKerja.objects.filter(SYN)}
    depths = Counter(u.depth for u in units.values())
    assert depths[0] == INSTANSI and depths[1] and depths[2] and depths[3]
    for u in units.values():  # path and depth as UnitKerja.save would write them
        parent_path = units[u.parent_id].path if u.parent_id else "/"
        assert u.path == f"{parent_path}{u.pk}/" and u.depth == u.path.count("/") - 2
        assert u.instansi_id == (units[u.parent_id].instansi_id if u.parent_id else u.instansi_id)
    assert "baris/dtk" in nation and "Akun contoh" in nation


def test_nips_are_valid_and_a_third_are_pppk(nation, db):
    people = list(Pegawai.objects.filter(SYN))
    for p in people:
        assert nip_problems(
            p.nip, tanggal_lahir=p.tanggal_lahir, jenis_kelamin=p.jenis_kelamin, jenis_asn=p.jenis_asn,
            tmt_cpns=p.tmt_cpns,
        ) == [], p.nip  # fmt: skip
        assert p.user.username == p.nip and p.golongan
    share = sum(p.jenis_asn == "PPPK" for p in people) / len(people)
    assert 0.2 <= share <= 0.45


def test_every_unit_has_exactly_one_leader(nation, db):
    units = list(UnitKerja.objects.filter(SYN).annotate(
        definitif=Count("pegawai", filter=Q(pegawai__jenis_pegawai=JenisPegawai.PIMPINAN), distinct=True),
        plt=Count("penugasan_plt", distinct=True),
    ))  # fmt: skip
    assert all(u.definitif + u.plt == 1 for u in units)
    assert any(u.plt for u in units)
    on = atasan.today()
    leaders = atasan.pimpinan_of_units([u.pk for u in units], on)
    assert set(leaders) == {u.pk for u in units}


def test_every_skp_snapshot_is_the_resolved_pejabat_penilai(nation, db):
    skps = Skp.objects.filter(SYN).select_related("pegawai__unit_kerja", "penugasan_plt__unit_kerja")
    top = 0
    for skp in skps:
        on = max(skp.periode_awal, min(atasan.today(), skp.periode_akhir))
        if skp.penugasan_plt_id:
            result = atasan.pejabat_penilai_unit_leader(skp.pegawai, skp.penugasan_plt.unit_kerja, on)
        else:
            result = atasan.pejabat_penilai(skp.pegawai, on)
        assert skp.penilai_id == (result.pegawai.pk if result.pegawai else None), skp.pegawai_nama
        assert skp.penilai_alasan == ("" if result.pegawai else result.alasan)
        if result.pegawai:
            assert skp.penilai_unit_kerja_id == result.unit.pk and skp.penilai_nip == result.pegawai.nip
        else:
            top += 1
    assert top == INSTANSI  # only the Sekretaris Daerah of each instansi is assessed outside e-Kinerja


def test_rhk_cascade_from_the_penilai_skp(nation, db):
    rhk = list(
        Rhk.objects.filter(skp__instansi__kode__startswith="SYN-").select_related("skp", "rhk_atasan__skp")
    )
    linked = [r for r in rhk if r.rhk_atasan_id]
    assert linked
    for r in linked:
        assert r.rhk_atasan.skp.pegawai_id == r.skp.penilai_id
        if not r.skp.is_jpt:
            assert r.rhk_atasan_teks == r.rhk_atasan.teks
    unlinked = [r for r in rhk if not r.rhk_atasan_id]
    assert all(r.skp.penilai_id is None for r in unlinked)
    for r in linked[:: max(1, len(linked) // 20)]:
        assert rhk_atasan_choices(r.skp).filter(pk=r.rhk_atasan_id).exists()


def test_predikat_follows_the_ratings(nation, db):
    rows = list(
        Penilaian.objects.filter(skp__instansi__kode__startswith="SYN-").select_related("skp", "periode")
    )
    for p in rows:
        assert p.predikat == (prules.predikat_for(p.rating_hasil_kerja, p.rating_perilaku) or "")
        assert p.penilai_id == p.skp.penilai_id
        assert (p.awal, p.akhir, p.batas) == (p.periode.tanggal(TAHUN)[0], *p.periode.tanggal(TAHUN)[1:])
        if p.predikat:
            assert p.dinilai_oleh_id == p.skp.penilai.user_id
    finals = [p for p in rows if p.periode.jenis == prules.FINAL and p.penilai_id]
    assert any(p.predikat for p in finals) and any(not p.predikat for p in finals)
    assert len({p.predikat for p in rows if p.predikat}) >= 3


def test_demo_logins_only_for_a_handful(nation, db):
    users = User.objects.filter(email__endswith=f"@{DOMAIN}")
    usable = [u for u in users if u.has_usable_password()]
    assert 3 <= len(usable) <= 8
    assert all(u.check_password(PASSWORD) for u in usable)
    admins = users.filter(peran=Peran.ADMIN_INSTANSI)
    assert admins.count() == INSTANSI and all(a.instansi.kode.startswith("SYN-") for a in admins)


def test_a_generated_leader_rates_a_subordinate_and_the_admin_lists_skps(nation, db, client):
    final = Penilaian.objects.filter(
        skp__instansi__kode__startswith="SYN-", periode__jenis=prules.FINAL, predikat="",
        penilai__isnull=False, skp__penugasan_plt__isnull=True,
    ).select_related("skp", "penilai__user").first()  # fmt: skip
    penilai = final.penilai
    skp_penilai = Skp.objects.get(pegawai=penilai, penugasan_plt__isnull=True)
    client.force_login(penilai.user)
    url = reverse("penilaian:penilaian_bawahan", args=[skp_penilai.pk, final.periode_id])
    page = client.get(url, {"penilaian": final.pk})
    assert page.status_code == 200
    assert final.skp.pegawai_nama in page.content.decode()
    admin = User.objects.get(peran=Peran.ADMIN_INSTANSI, instansi=final.skp.instansi)
    client.force_login(admin)
    page = client.get(reverse("skp:admin_list"), {"tahun": TAHUN})
    assert page.status_code == 200 and "SKP" in page.content.decode()
    # Another instansi's admin does not see this assessment.
    other = (
        User.objects.filter(peran=Peran.ADMIN_INSTANSI, email__endswith=DOMAIN).exclude(pk=admin.pk).first()
    )
    client.force_login(other)
    assert client.get(url, {"penilaian": final.pk}).status_code in (403, 404)


def test_refuses_bad_sizes_and_an_existing_nation(nation, db):
    with pytest.raises(CommandError, match="minimal 30"):
        call_command("synth_nation", pegawai=40, instansi=2, stdout=io.StringIO())
    with pytest.raises(CommandError, match="--reset"):
        call_command("synth_nation", pegawai=60, instansi=1, stdout=io.StringIO())


def test_reset_deletes_only_the_synthetic_nation(nation, org, db):
    keep = Pegawai.objects.exclude(SYN).count()
    call_command("synth_nation", pegawai=0, reset=True, stdout=io.StringIO())
    assert not Instansi.objects.filter(kode__startswith="SYN-").exists()
    assert not User.objects.filter(email__endswith=f"@{DOMAIN}").exists()
    assert not Skp.objects.filter(SYN).exists() and not Penilaian.objects.exists()
    assert Pegawai.objects.count() == keep == 5 and org.kabid.user.pk
