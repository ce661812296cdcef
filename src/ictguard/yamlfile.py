"""The one YAML loader of ictguard's data files: safe (no arbitrary objects), every mapping with its line.

Every error is a DataFileError naming the file and the line (a syntax error, a value YAML cannot construct such as
a date that does not exist), so a person can fix the file. Mappings come back as :class:`LineDict`: a dict that
also knows its own line and each key's; ``line_key`` additionally stores the line under that key, for loaders
that read it from the mapping itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import yaml

from ictguard.errors import DataFileError


class LineDict(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class Readable(Protocol):
    """A file on disk or in the package (``importlib.resources``)."""

    def read_text(self, encoding: str = ...) -> str: ...


def _loader(line_key: str | None) -> type[yaml.SafeLoader]:
    class LineLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
        loader.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                result[key] = loader.construct_object(value_node, deep=True)
            except ValueError as exc:  # e.g. a timestamp-looking value that is not a real date
                mark = value_node.start_mark
                raise yaml.constructor.ConstructorError(None, None, f"bad value for {key!r}: {exc}", mark) from None
            result.key_lines[key] = key_node.start_mark.line + 1
        if line_key is not None:
            result[line_key] = result.line
        return result

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return LineLoader


_LOADERS: dict[str | None, type[yaml.SafeLoader]] = {None: _loader(None)}


def parse_yaml(text: str, file: str | Path, *, line_key: str | None = None) -> Any:
    """Parse YAML text read from ``file`` (named in errors)."""
    loader = _LOADERS.get(line_key)
    if loader is None:
        loader = _LOADERS[line_key] = _loader(line_key)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(f"not valid YAML: {problem}", file=file, line=line) from None


def read_yaml(path: Path | Readable, *, line_key: str | None = None) -> Any:
    """Read and parse one YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise DataFileError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    return parse_yaml(text, str(path), line_key=line_key)
