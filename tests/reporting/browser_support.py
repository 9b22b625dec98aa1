"""The browser tests' fixtures (tests/browser/conftest.py), for the reporting pages' browser test."""

from tests.browser.conftest import _built_assets, _chromium_executable, _playwright, browser, page, site

__all__ = ["_built_assets", "_chromium_executable", "_playwright", "browser", "page", "site"]
