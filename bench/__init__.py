"""Benchmarks: scripts that measure the site; run by hand, not part of the test suite."""

MINIMAL_PATH = "/bench/minimal"
