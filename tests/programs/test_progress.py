"""An ingest's progress: a bar with rate and time left on a terminal, plain lines in a log."""

import io

from programs import progress
from programs.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_log_gets_plain_lines_with_rate_and_time_left(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_bytes(b"x" * 3000)
    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0)
    log = io.StringIO()
    with Progress([tmp_path], log) as shown:
        for _ in range(3):
            shown.advance(1000)
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("ingest: 1 releases (33% of 0.0 MB)")
    assert "releases/s" in lines[0] and "s left" in lines[0]
    assert lines[-1].startswith("ingest: 3 releases (100% of 0.0 MB)")
    assert "\r" not in log.getvalue()  # no bar drawing in a log


def test_a_terminal_gets_a_bar_and_messages_above_it(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "a.txt").write_bytes(b"x" * 2000)
    terminal = Terminal()
    with Progress([tmp_path], terminal) as shown:
        shown.advance(1000)
        shown.write("broken.txt: binary file")
        shown.advance(1000)
    output = terminal.getvalue()
    assert "broken.txt: binary file\n" in output
    assert "100%" in output and "2 releases" in output and "\r" in output
