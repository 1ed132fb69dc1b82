"""Test helpers loaded as pytest plugins (`pytest_plugins` in tests/conftest.py): fixtures are found by name,
helpers are imported as `from tests.support.api import Api`; no test module imports another's fixtures."""
