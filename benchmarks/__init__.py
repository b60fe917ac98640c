"""Benchmarks for pandascribe: scripts that print numbers (see ``benchmarks/run.py`` and
``docs/benchmarks.md``). Nothing here is imported by the package or asserted on by the tests."""
