"""The benchmark harness (bench/) cannot rot: its core functions run here at tiny sizes, on both databases."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from bench import import_ratio, query_counts
from bench.run import write_section
from kinerja.org.services.impor_parse import parse_pegawai, parse_unit, read_rows


@pytest.mark.django_db
def test_query_counts_at_two_tiny_sizes():
    table = query_counts.measure(sizes=(0, 2))
    assert len(table) >= 25
    for page, ((status_a, a), (status_b, b)) in table.items():
        assert (status_a, status_b) == (200, 200), page
        assert a == b, f"{page}: {a} vs {b} queries"
    text = query_counts.report(table, sizes=(0, 2))
    assert "| Detail SKP | " in text and "Pages missing the target" in text


def test_csv_generator_makes_100_valid_rows():
    units = import_ratio.unit_rows(40)
    assert len(units) == 40 and units[0][3] == ""
    assert {u[3] for u in units[1:]} <= {u[0] for u in units}  # every parent is in the file
    files = import_ratio.pegawai_files(100, [u[0] for u in units], per_file=60)
    assert len(files) == 2
    rows = [b for data in files for b in read_rows(SimpleUploadedFile("p.csv", data), jenis="pegawai")]
    assert len(rows) == 100
    parsed = [parse_pegawai(b) for b in rows]
    assert [m for _, ms in parsed for m in ms] == []
    assert len({d["nip"] for d, _ in parsed}) == 100
    unit_file = SimpleUploadedFile("u.csv", import_ratio.csv_bytes(import_ratio.KOLOM_UNIT, units))
    assert all(not parse_unit(b)[1] for b in read_rows(unit_file, jenis="unit"))


@pytest.mark.django_db
def test_import_measure_small():
    figures = import_ratio.measure(n=120, n_units=10)
    assert figures["ditambahkan"] == 120 and figures["audit"] == 120
    if connection.vendor == "postgresql":
        assert figures["copy_s"] > 0 and figures["ratio"] > 0
        assert "Ratio COPY / import" in import_ratio.report(figures)
    else:
        assert figures["copy_s"] is None  # COPY is PostgreSQL only


def test_write_section_replaces_only_its_block(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\n## Synthetic nation\nkept\n", encoding="utf-8")
    write_section("x", "first", path=doc)
    write_section("x", "second", path=doc)
    text = doc.read_text(encoding="utf-8")
    assert "kept" in text and "second" in text and "first" not in text
    assert text.count("<!-- bench:x -->") == 1 and text.count("<!-- /bench:x -->") == 1
