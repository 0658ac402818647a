//! Test-only package: see the integration tests under `tests/tests/`.
