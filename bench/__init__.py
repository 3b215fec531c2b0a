"""Benchmarks and the load-data generator (see bench/README.md); not part of the app."""
