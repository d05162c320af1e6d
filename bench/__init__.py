"""Benchmarks of the build: a synthetic archive, stock Pelican as the baseline, results in RESULTS.md."""
