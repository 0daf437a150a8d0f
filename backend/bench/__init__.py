"""Reproducible benchmarks: each prints medians, ratios to a baseline, and the machine."""
