"""Where data lives: --data-dir, then CSEC_DESKTOP_DATA_DIR, then portable mode (a frozen
application with a marker beside it), then the user's profile.

Unfrozen tests simulate a frozen application by setting ``sys.frozen`` and
``sys.executable``; tests/test_frozen.py checks the real frozen build.
"""

from __future__ import annotations

import errno
import json
import sys
from pathlib import Path

import pytest

from csec_desktop import cli, paths
from csec_desktop.catalog.storage import store


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's profile data folder (XDG_DATA_HOME), with no data-dir override set."""
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "profile"))
    return tmp_path / "profile" / paths.APP_SLUG


def install(monkeypatch: pytest.MonkeyPatch, executable: Path, *, frozen: bool = True) -> None:
    """Pretend to be the application at ``executable`` (frozen by PyInstaller or not)."""
    executable.parent.mkdir(parents=True, exist_ok=True)
    executable.touch()
    monkeypatch.setattr(sys, "executable", str(executable))
    if frozen:
        monkeypatch.setattr(sys, "frozen", True, raising=False)
    else:
        monkeypatch.delattr(sys, "frozen", raising=False)


def test_portable_marker_keeps_every_file_beside_the_application(
    tmp_path: Path,
    profile: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    usb = tmp_path / "usb" / "csec-desktop"
    install(monkeypatch, usb / "csec-desktop")
    (usb / paths.PORTABLE_MARKER).touch()

    assert cli.main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["data_dir"] == str(usb / "data")
    directory = paths.data_dir()
    store.open_user_db(directory).dispose()
    store.backup_user_db(directory)

    assert (usb / "data" / paths.CATALOG_DB_NAME).is_file()
    assert (usb / "data" / paths.USER_DB_NAME).is_file()
    assert store.list_user_backups(usb / "data")
    assert not profile.exists()


def test_without_the_marker_a_frozen_application_uses_the_profile(
    tmp_path: Path, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(monkeypatch, tmp_path / "opt" / "csec-desktop" / "csec-desktop")
    assert paths.portable_data_dir() is None
    assert paths.data_dir() == profile
    assert profile.is_dir()


def test_the_marker_means_nothing_when_running_from_source(
    tmp_path: Path, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A developer's interpreter folder with the marker must not become the data folder.
    install(monkeypatch, tmp_path / "venv" / "bin" / "python", frozen=False)
    (tmp_path / "venv" / "bin" / paths.PORTABLE_MARKER).touch()
    assert paths.application_dir() is None
    assert paths.data_dir() == profile


def test_data_dir_setting_and_option_win_over_portable_mode(
    tmp_path: Path, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    install(monkeypatch, usb / "csec-desktop")
    (usb / paths.PORTABLE_MARKER).touch()
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "chosen"))
    assert paths.data_dir() == tmp_path / "chosen"
    assert paths.data_dir(tmp_path / "option") == tmp_path / "option"
    assert not (usb / "data").exists()


def test_macos_bundle_keeps_data_beside_the_app(
    tmp_path: Path, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    install(monkeypatch, usb / "CSEC Resource Desk.app" / "Contents" / "MacOS" / "csec-desktop")
    (usb / paths.PORTABLE_MARKER).touch()
    assert paths.data_dir() == usb / "data"


def test_unwritable_portable_folder_is_one_sentence_and_nothing_moves_elsewhere(
    tmp_path: Path,
    profile: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    usb = tmp_path / "usb"
    install(monkeypatch, usb / "csec-desktop")
    (usb / paths.PORTABLE_MARKER).touch()
    (usb / "data").write_text("a file where the data folder should be", encoding="utf-8")

    with pytest.raises(paths.PortableDataUnwritable) as raised:
        paths.data_dir()
    message = str(raised.value)
    assert str(usb / "data") in message
    assert paths.PORTABLE_MARKER in message
    assert message.endswith(".") and message.count(". ") == 0 and "\n" not in message

    assert cli.main(["stats"]) == cli.EXIT_ERROR
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"csec-catalog: {message}\n"
    assert not profile.exists()  # the data did not quietly go to the profile instead
    assert (usb / "data").read_text(encoding="utf-8").startswith("a file")


def test_read_only_drive_says_so(
    tmp_path: Path, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores permission bits, so a read-only mount is simulated at the write itself.
    def read_only(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    usb = tmp_path / "usb"
    install(monkeypatch, usb / "csec-desktop")
    (usb / paths.PORTABLE_MARKER).touch()
    monkeypatch.setattr("csec_desktop.paths.tempfile.TemporaryFile", read_only)
    with pytest.raises(paths.PortableDataUnwritable, match=r"cannot be written \(Read-only"):
        paths.data_dir()
