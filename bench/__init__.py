"""The performance benchmark (not part of the test suite): ``python3 run.py bench``.

See :mod:`bench.run` for what it measures; the latest figures are in ``bench/RESULTS.md``.
"""
