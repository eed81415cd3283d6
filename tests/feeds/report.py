"""The loop the Python feed validators share: check every feed, report each, and exit 1
when one failed or none was given."""

from __future__ import annotations


def run(name: str, check, paths: list[str]) -> int:
    """Runs `check(path)` (the number of events, or an exception) on every feed."""
    passed = failed = 0
    for path in paths:
        try:
            n = check(path)
            passed += 1
            print(f"ok    {path} ({n} events)")
        except Exception as e:  # report every feed, then fail
            failed += 1
            print(f"FAIL  {path}: {e}")
    print(f"{name}: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0
