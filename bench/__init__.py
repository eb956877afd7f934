"""Benchmarks of issue 7, run by `make bench` (bench/run.py). Each module exposes NAME, TITLE and run()."""
