"""The sample report as a person sees it: rendered by headless Chromium.

Skipped when ``chromium`` is not installed (``.ci/run`` installs Debian's package). The
page must load without console messages (a blocked request or a script error shows as
one: the report's Content-Security-Policy blocks every request and reports it) and its
screenshot must not be blank. The PNG is decoded here with zlib, no imaging library.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from sozialraum.report import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

WIDTH, HEIGHT = 1240, 1754


def chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def png_rows(data: bytes, max_rows: int) -> tuple[int, int, list[bytes]]:
    """Width, height and the first ``max_rows`` unfiltered rows of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = depth = colour = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert depth == 8, depth
    assert colour in (2, 6), colour
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    raw = zlib.decompressobj().decompress(idat, (stride + 1) * max_rows)
    rows: list[bytes] = []
    prev = bytearray(stride)
    for r in range(min(max_rows, len(raw) // (stride + 1))):
        filt = raw[r * (stride + 1)]
        line = bytearray(raw[r * (stride + 1) + 1 : (r + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if filt == 1:
                line[i] = (line[i] + a) & 0xFF
            elif filt == 2:
                line[i] = (line[i] + b) & 0xFF
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(tmp_path_factory.mktemp("report") / "bericht.html", year=2025)


def test_report_loads_without_console_messages(report: Path, tmp_path: Path) -> None:
    done = chromium(report.as_uri(), tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    dom = done.stdout
    assert "<h1>Sozialraumbericht 2025</h1>" in dom
    assert dom.count("<svg") >= 5
    assert "Methoden und Definitionen" in dom


def test_the_console_check_sees_a_blocked_request(report: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(
        report.read_text("utf-8").replace(
            "<main>", '<main><img src="https://example.invalid/x.png" alt="">', 1
        ),
        "utf-8",
    )
    done = chromium(bad.as_uri(), tmp_path / "profile", "--dump-dom")
    messages = console_messages(done.stderr)
    assert any("Content Security Policy" in m for m in messages), done.stderr[-2000:]


def test_screenshot_is_not_blank(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "bericht.png"
    done = chromium(
        report.as_uri(),
        tmp_path / "profile",
        f"--screenshot={shot}",
        f"--window-size={WIDTH},{HEIGHT}",
        "--hide-scrollbars",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.is_file()
    assert console_messages(done.stderr) == []
    width, height, rows = png_rows(shot.read_bytes(), max_rows=700)
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(rows) == 700
    bpp = len(rows[0]) // width
    pixels = [row[i : i + 3] for row in rows[::3] for i in range(0, len(row), bpp * 3)]
    colours = set(pixels)
    white = sum(1 for p in pixels if p == b"\xff\xff\xff")
    assert len(colours) > 20  # text, rules and the chart's colours
    assert 0.02 < 1 - white / len(pixels) < 0.9  # neither empty nor one colour
    blue = sum(1 for p in pixels if p[2] > 150 and p[0] < 60)  # the chart's first colour
    assert blue > 50
