"""Synthetic nation: fictional instansi, people, SKPs and assessments at scale (`manage.py synth_nation`).

Plain modules, not a Django app: no models, no migrations. See docs/performance.md, "Synthetic nation".
"""
