"""The browser fixtures (tests/browser/conftest.py) for this module's browser tests."""

from tests.browser.conftest import browser, page  # noqa: F401
