"""Build CSEC Resource Desk as a one-folder application with PyInstaller, and measure it.

Standard library only, like scripts/dev.py, whose environment (.venv with the dev extra,
which brings PyInstaller) it sets up and uses:

    python3 packaging/build.py            # → dist/csec-desktop/ (csec-desktop, csec-catalog)
    python3 packaging/build.py --measure  # then its size and time to interactive

The build runs on the platform it is for: Linux here, and the same command on Windows or
macOS (see packaging/README.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "csec-desktop.spec"
NAME = "csec-desktop"
EXE_SUFFIX = ".exe" if os.name == "nt" else ""
WARM_RUNS = 5
#: Lines of PyInstaller's log that were looked into and are accepted, each as a regular
#: expression and the reason. Any other WARNING or ERROR line makes the build fail (exit
#: status 1, after the folder is built): fix it at its root, or review it and add it here.
REVIEWED_LOG_LINES: tuple[tuple[str, str], ...] = ()
LOG_PROBLEM = re.compile(r"\b(?:WARNING|ERROR|CRITICAL):")
# Placed beside the executables on Linux: installs the menu entry and icon for the user.
LINUX_EXTRAS = (ROOT / "packaging" / "linux" / "install-desktop-entry.sh",)

# Windows and macOS want the icon as .ico and .icns; Qt renders the SVG into either.
ICON_FORMATS = {"win32": ".ico", "darwin": ".icns"}
RENDER_ICON = """
import sys
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
app = QGuiApplication([])
image = QImage(256, 256, QImage.Format.Format_ARGB32)
image.fill(0)
painter = QPainter(image)
QSvgRenderer(sys.argv[1]).render(painter)
painter.end()
sys.exit(0 if image.save(sys.argv[2]) else 1)
"""

# The floor for start-up: an empty Qt window in the same Python, painted once.
BARE_WINDOW = """
import time
started = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("CSEC Resource Desk")
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"interactive after {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
label.installEventFilter(FirstPaint(label))
label.show()
app.exec()
"""


def project_python() -> Path:
    """The project's .venv interpreter, set up (or brought up to date) by scripts/dev.py."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "scripts" / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    dev.ensure_environment()
    return Path(dev._python())


def render_icon(python: Path, target: Path) -> Path:
    """Render resources/csec-desktop.svg as ``target`` (its suffix names the format)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    svg = ROOT / "resources" / f"{NAME}.svg"
    subprocess.run(
        [str(python), "-c", RENDER_ICON, str(svg), str(target)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    return target


def build(python: Path, dist: Path, work: Path) -> tuple[Path, str]:
    """Run PyInstaller on the spec, its log shown as it comes; return the application
    folder and the log."""
    env = dict(os.environ)
    if suffix := ICON_FORMATS.get(sys.platform):
        env["CSEC_DESKTOP_ICON"] = str(render_icon(python, work / f"{NAME}{suffix}"))
    command = [
        str(python),
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    log = []
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            sys.stderr.write(line)
            log.append(line)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    folder = dist / NAME
    if sys.platform.startswith("linux"):
        for extra in LINUX_EXTRAS:
            shutil.copy2(extra, folder / extra.name)
    return folder, "".join(log)


def unreviewed(log: str) -> list[str]:
    """The WARNING and ERROR lines of a build's log that no reviewed pattern accepts."""
    return [
        line
        for line in log.splitlines()
        if LOG_PROBLEM.search(line)
        and not any(re.search(pattern, line) for pattern, _why in REVIEWED_LOG_LINES)
    ]


def folder_bytes(folder: Path) -> int:
    """The apparent size of the files under ``folder``, each once (PyInstaller links some)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def archive_bytes(folder: Path) -> int:
    """The size of ``folder`` as a .tar.gz (what is downloaded or copied to a USB drive)."""
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / f"{folder.name}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
        return archive.stat().st_size


def time_to_interactive(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Start ``command`` (which prints "interactive after N ms" and quits); return the wall
    time from launch until that line, and the N the process measured itself, in ms."""
    started = time.perf_counter()
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("interactive after"):
                wall = (time.perf_counter() - started) * 1000
                inside = float(line.split()[2])
                break
        else:
            raise SystemExit(f"{command[0]} exited without becoming interactive.")
        process.wait(timeout=60)
    return wall, inside


def start_times(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, Any]:
    """One start of each command to warm caches (and build the catalog), then ``runs`` rounds
    that start each command in turn, so that a busy machine slows all of them alike; the
    medians, with the range of the wall times."""
    for command in commands.values():
        time_to_interactive(command, env)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(time_to_interactive(command, env))
    return {
        name: {
            "wall_ms": round(statistics.median(s[0] for s in found)),
            "in_process_ms": round(statistics.median(s[1] for s in found)),
            "wall_min_ms": round(min(s[0] for s in found)),
            "wall_max_ms": round(max(s[0] for s in found)),
        }
        for name, found in samples.items()
    }


def measure(folder: Path, python: Path, runs: int) -> dict[str, Any]:
    """Size of ``folder`` and time to interactive of the frozen application, with the same
    application from source and a bare Qt window as the baseline and floor."""
    env = dict(os.environ)
    x11_like = os.name == "posix" and sys.platform != "darwin"
    if x11_like and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as data:
        env["CSEC_DESKTOP_DATA_DIR"] = data
        starts = start_times(
            {
                "start_frozen": [str(folder / f"{NAME}{EXE_SUFFIX}"), "--time-startup"],
                "start_from_source": [str(python), "-m", "csec_desktop", "--time-startup"],
                "start_bare_qt_window": [str(python), "-c", BARE_WINDOW],
            },
            env,
            runs,
        )
    return {
        "platform": sys.platform,
        "qt_platform": env.get("QT_QPA_PLATFORM", "native"),
        "folder_mib": round(folder_bytes(folder) / 2**20, 1),
        "tar_gz_mib": round(archive_bytes(folder) / 2**20, 1),
        **starts,
    }


def main(argv: list[str] | None = None) -> int:
    """Build the application, and measure it with ``--measure``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's work")
    parser.add_argument(
        "--python", type=Path, help="build with this interpreter (default: the project's .venv)"
    )
    parser.add_argument("--measure", action="store_true", help="measure size and start-up")
    parser.add_argument("--no-build", action="store_true", help="measure the existing build")
    parser.add_argument("--runs", type=int, default=WARM_RUNS, help="warm starts to time")
    args = parser.parse_args(argv)
    python = args.python or project_python()
    folder = args.dist / NAME
    status = 0
    if not args.no_build:
        started = time.perf_counter()
        folder, log = build(python, args.dist, args.work)
        print(f"Built {folder} in {time.perf_counter() - started:.0f} s.", file=sys.stderr)
        if problems := unreviewed(log):
            print(
                "The build is not quiet; not on the reviewed list (REVIEWED_LOG_LINES):",
                *problems,
                sep="\n  ",
                file=sys.stderr,
            )
            status = 1
    if args.measure:
        print(json.dumps(measure(folder, python, args.runs), indent=2))
    return status


if __name__ == "__main__":
    sys.exit(main())
