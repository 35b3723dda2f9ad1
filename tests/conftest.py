"""Shared fixtures: every test gets its own leadquiz home and a fixed terminal size."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Turn Ctrl-C on for this run and the children it starts, as at a terminal.

    A run started in the background (a CI harness, ``nohup``) may have SIGINT
    ignored, which every child inherits, and leadquiz rightly keeps a signal
    that was ignored when it started; the tests that send SIGINT need it on.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def leadquiz_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point LEADQUIZ_HOME at a fresh directory so no test touches real data."""
    home = tmp_path / "leadquiz-home"
    monkeypatch.setenv("LEADQUIZ_HOME", str(home))
    monkeypatch.setenv("LEADQUIZ_USER", "tester")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERMINAL_WIDTH", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(autouse=True)
def utc_time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Show times in UTC unless a test sets TZ itself (and calls ``time.tzset``)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def children() -> Iterator[list[pexpect.spawn]]:
    """Every pseudo-terminal child a test spawns; any still running at the end is ended."""
    spawned: list[pexpect.spawn] = []
    yield spawned
    for child in spawned:
        if child.isalive():
            child.terminate(force=True)
