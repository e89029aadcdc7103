"""jcgraph.progress: shown on a terminal for long steps, never in a pipe or in CI."""

from __future__ import annotations

import io
import time

from jcgraph.progress import enabled, step


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_in_a_pipe_and_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("JCGRAPH_NO_PROGRESS", raising=False)
    assert not enabled(io.StringIO())
    assert enabled(FakeTerminal())
    monkeypatch.setenv("CI", "true")
    assert not enabled(FakeTerminal())


def test_a_long_step_shows_on_a_terminal_and_a_short_one_does_not(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("JCGRAPH_NO_PROGRESS", raising=False)
    short = FakeTerminal()
    with step("quick", stream=short, show_after=5) as bar:
        bar.update(1, 2)
    assert short.getvalue() == ""
    long = FakeTerminal()
    with step("pushing", total=4, stream=long, show_after=0.01) as bar:
        time.sleep(0.3)
        bar.update(2, 4, "batches")
        time.sleep(0.3)
    assert "pushing" in long.getvalue()


def test_the_cli_in_a_pipe_prints_no_progress(run_cli):
    code, _, err = run_cli("query", "cq-12", "-f", "csv")
    assert code == 0 and err == ""
