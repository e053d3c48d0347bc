"""Release files on disk: which files are releases, their import keys, their parsing."""

from pathlib import Path

from .parsing import UnreadableInput, parse_release

SOURCE_SUFFIXES = {".txt", ".html", ".htm", ".md"}


def release_key(path):
    """The import key of a release file: its name without the extension."""
    return Path(path).stem


def parse_file(path):
    """Parse one file; raise UnreadableInput (with a one-line message) if it cannot be."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UnreadableInput(f"cannot read file: {error.strerror or error}") from error
    return parse_release(data, file=str(path))


def source_files(directory):
    """The release files in ``directory``, in name order."""
    return sorted(p for p in Path(directory).iterdir() if p.suffix.lower() in SOURCE_SUFFIXES)
