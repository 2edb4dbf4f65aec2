"""Property-based fuzz targets: a bounded budget under pytest, long runs via `fuzz/run.py`."""
