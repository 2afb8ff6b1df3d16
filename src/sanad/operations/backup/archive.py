"""A backup on disk: a folder (or a tar of it) with the database file, `media/` and `manifest.json`.

The manifest lists every other file with its size and SHA-256. A restore reads nothing before all of
them match: a file changed, missing or added refuses the whole backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

FORMAT = "sanad-backup/1"
MANIFEST = "manifest.json"
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be written, read or trusted; the message says why."""


def is_tar(path: Path) -> bool:
    return path.name.endswith(TAR_SUFFIXES)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_list(root: Path) -> list[str]:
    """Every file under `root` but the manifest, as POSIX paths relative to it."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if (path.is_file() or path.is_symlink()) and path.relative_to(root).as_posix() != MANIFEST
    )


def files_checksum(root: Path) -> dict[str, dict[str, Any]]:
    return {
        name: {"sha256": sha256_of(root / name), "bytes": (root / name).stat().st_size}
        for name in files_list(root)
    }


def manifest_write(root: Path, manifest: dict[str, Any]) -> None:
    (root / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def archive_verify(root: Path) -> dict[str, Any]:
    """The manifest of the backup in `root`, once every file matches it; BackupError otherwise."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{MANIFEST} is missing or unreadable: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is not a Sanad backup manifest ({FORMAT})")
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        raise BackupError(f"{MANIFEST} lists no files")
    problems = []
    present = set(files_list(root))
    for name, entry in sorted(listed.items()):
        path = root / name
        if not _safe(name):
            problems.append(f"{name}: not a path inside the backup")
        elif name not in present or path.is_symlink():
            problems.append(f"{name}: missing")
        elif path.stat().st_size != entry.get("bytes") or sha256_of(path) != entry.get("sha256"):
            problems.append(f"{name}: checksum mismatch")
    problems += [f"{name}: not in the manifest" for name in sorted(present - set(listed))]
    if problems:
        raise BackupError("the backup does not match its manifest: " + "; ".join(problems[:10]))
    return manifest


def tar_pack(root: Path, target: Path) -> None:
    """Write the folder `root` as the tar `target` (gzip-compressed for .tar.gz and .tgz)."""
    mode = "w" if target.name.endswith(".tar") else "w:gz"
    with tarfile.open(target, mode) as tar:
        tar.add(root, arcname=root.name)


@contextlib.contextmanager
def archive_open(source: Path) -> Iterator[Path]:
    """The folder holding the backup's manifest: `source` itself, or a tar unpacked in a temporary folder
    (links, devices and paths leaving the folder are refused by the "data" filter)."""
    if not is_tar(source):
        if not (source / MANIFEST).is_file():
            raise BackupError(f"{source} holds no {MANIFEST}")
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="sanad-restore-") as folder:
        try:
            with tarfile.open(source) as tar:
                tar.extractall(folder, filter="data")
        except (OSError, tarfile.TarError) as error:
            raise BackupError(f"{source} cannot be unpacked: {error}") from error
        manifests = sorted(Path(folder).glob(f"*/{MANIFEST}")) + sorted(Path(folder).glob(MANIFEST))
        if len(manifests) != 1:
            raise BackupError(f"{source} holds no single backup folder with a {MANIFEST}")
        root = manifests[0].parent
        extra = [p.name for p in Path(folder).iterdir() if p != root] if root != Path(folder) else []
        if extra:
            raise BackupError(f"{source} holds files outside the backup folder: {', '.join(sorted(extra))}")
        yield root
