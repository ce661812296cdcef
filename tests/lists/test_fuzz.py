"""Fuzzing the loaders: every input ends in a clean load or a typed ListFormatError naming the file —
never another exception, and never a half-activated version."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ictguard.errors import ListFormatError
from ictguard.lists.csl_csv import parse_csl_csv
from ictguard.lists.csl_json import parse_csl_json
from ictguard.lists.ofac import OfacFiles, parse_ofac
from ictguard.lists.source import FetchedFile
from ictguard.lists.update import build_load
from ictguard.store.db import make_engine, migrate
from ictguard.store.lists_repo import activate, active_version, list_versions, load_active_snapshot

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """One realistic kind of damage applied to ``data``."""
    kind = draw(st.sampled_from(["truncate", "insert", "nul", "encoding", "header", "huge", "duplicate", "flip"]))
    pos = draw(st.integers(0, len(data)))
    if kind == "truncate":
        return data[:pos]
    if kind == "insert":
        return data[:pos] + draw(st.binary(min_size=1, max_size=40)) + data[pos:]
    if kind == "nul":
        return data[:pos] + b"\x00" + data[pos:]
    if kind == "encoding":
        codec = draw(st.sampled_from(["utf-16", "utf-32", "latin-1", "cp1252"]))
        return data.decode("utf-8").encode(codec, errors="replace")
    if kind == "header":
        lines = data.split(b"\n", 1)
        return draw(st.binary(max_size=60)) + b"\n" + (lines[1] if len(lines) > 1 else b"")
    if kind == "huge":
        return data[:pos] + b"A" * draw(st.integers(100_000, 2_000_000)) + data[pos:]
    if kind == "duplicate":
        lines = data.splitlines(keepends=True)
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        return b"".join(lines[: i + 1] + lines[i:])
    i = draw(st.integers(0, max(0, len(data) - 1)))
    return data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1 :] if data else data


def _csl(lists_dir: Path) -> bytes:
    return (lists_dir / "csl_samples" / "csl_sample_2025.csv").read_bytes()


def _sdn(lists_dir: Path) -> bytes:
    return b"".join((lists_dir / "ofac" / "sdn.csv").read_bytes().splitlines(keepends=True)[:60]) + b"\x1a"


@FUZZ
@given(data=st.data())
def test_csl_csv_fuzz(lists_dir: Path, data: st.DataObject) -> None:
    blob = data.draw(damaged(_csl(lists_dir)))
    try:
        entities = parse_csl_csv(blob, "consolidated.csv")
    except ListFormatError as exc:
        assert exc.file == "consolidated.csv"
    else:
        assert all(e.name and e.source for e in entities)


@FUZZ
@given(data=st.data())
def test_ofac_fuzz(lists_dir: Path, data: st.DataObject) -> None:
    blob = data.draw(damaged(_sdn(lists_dir)))
    alt = data.draw(damaged((lists_dir / "ofac" / "alt.csv").read_bytes()[:20_000]))
    try:
        parse_ofac(OfacFiles("sdn", ("sdn.csv", blob), alt=("alt.csv", alt)))
    except ListFormatError as exc:
        assert exc.file in ("sdn.csv", "alt.csv")


@FUZZ
@given(data=st.data())
def test_csl_json_fuzz(data: st.DataObject) -> None:
    fixture = (Path(__file__).parent / "fixtures" / "csl_api_sample.json").read_bytes()
    blob = data.draw(damaged(fixture))
    try:
        parse_csl_json(blob, "api.json")
    except ListFormatError as exc:
        assert exc.file == "api.json"


@FUZZ
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
        max_leaves=12,
    )
)
def test_csl_json_any_field_value(value: object) -> None:
    import json

    for key in ("name", "addresses", "alt_names", "ids", "start_date", "programs"):
        record = {
            "source": "Entity List (EL) - Bureau of Industry and Security",
            "name": "X",
            "addresses": [],
            "alt_names": [],
            key: value,
        }
        try:
            parse_csl_json(json.dumps({"results": [record]}).encode(), "api.json")
        except ListFormatError:
            pass


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_update_is_all_or_nothing(
    lists_dir: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'f.sqlite'}")
    migrate(engine)
    good = activate(engine, build_load("good", [FetchedFile("consolidated.csv", "c.csv", _csl(lists_dir))]))
    files = [
        FetchedFile("consolidated.csv", "c.csv", _csl(lists_dir)),
        FetchedFile("ofac/sdn.csv", "s.csv", _sdn(lists_dir)),
    ]
    victim = data.draw(st.integers(0, 1))
    files[victim] = FetchedFile(files[victim].name, files[victim].url, data.draw(damaged(files[victim].data)))
    try:
        info = activate(engine, build_load("fuzzed", files))
    except ListFormatError:
        assert active_version(engine).version_id == good.version_id and len(list_versions(engine)) == 1
    else:
        assert active_version(engine).version_id == info.version_id
        assert len(load_active_snapshot(engine).entities) == info.entity_count
    engine.dispose()
