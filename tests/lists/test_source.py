from __future__ import annotations

import socket
from pathlib import Path

import pytest

from ictguard.errors import IncompleteSourceError, ListFormatError, SourceUnavailableError
from ictguard.lists.source import LAYOUT, fetch
from ictguard.lists.update import prepare_load
from ictguard.settings import Settings
from tests.lists._http import serve
from tests.lists._mirror import make_mirror


@pytest.fixture
def mirror(lists_dir: Path, tmp_path: Path) -> Path:
    return make_mirror(lists_dir, tmp_path / "mirror")


def _settings(**kw: str) -> Settings:
    return Settings(**{"lists": "", **kw})  # type: ignore[arg-type]


def test_http_mirror_loads_like_the_directory(mirror: Path) -> None:
    local = prepare_load(str(mirror), _settings())
    with serve(mirror) as url:
        remote = prepare_load(url, _settings())
    assert [f.name for f in remote.files] == [f.name for f in local.files]
    assert [f.sha256 for f in remote.files] == [f.sha256 for f in local.files]
    assert all(f.url.startswith("http://127.0.0.1:") for f in remote.files)
    assert [e.id for e in remote.entities] == [e.id for e in local.entities]


def test_file_url(mirror: Path) -> None:
    described, files = fetch(mirror.as_uri(), _settings())
    assert described == mirror.as_uri() and {f.name for f in files} == {n for n in LAYOUT if (mirror / n).is_file()}


def test_csl_alone_is_a_complete_layout_ofac_alone_is_not(lists_dir: Path, tmp_path: Path) -> None:
    only_csl = make_mirror(lists_dir, tmp_path / "csl", ofac=False)
    with serve(only_csl) as url:
        load = prepare_load(url, _settings())
    assert [f.name for f in load.files] == ["consolidated.csv"]
    only_ofac = make_mirror(lists_dir, tmp_path / "ofac")
    (only_ofac / "consolidated.csv").unlink()
    with serve(only_ofac) as url, pytest.raises(IncompleteSourceError, match="consolidated.csv"):
        prepare_load(url, _settings())  # over HTTP the missing file is a 404


def test_nothing_at_url_is_source_unavailable(mirror: Path) -> None:
    with serve(mirror) as url, pytest.raises(SourceUnavailableError, match="no list files"):
        prepare_load(url + "/no/such/dir", _settings())


def test_connection_refused_is_source_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SourceUnavailableError, match="download failed"):
        prepare_load(f"http://127.0.0.1:{port}", _settings())


def test_truncated_download_is_a_list_format_error(mirror: Path) -> None:
    with serve(mirror, truncate=True) as url, pytest.raises(ListFormatError) as info:
        prepare_load(url, _settings())
    assert info.value.file is not None and info.value.file.startswith(url)
    assert "incomplete download" in info.value.reason


def test_official_urls_all_required(mirror: Path) -> None:
    with serve(mirror) as url:
        settings = _settings(csl_url=f"{url}/consolidated.csv", ofac_base_url=f"{url}/ofac")
        # the official OFAC folder keeps the non-SDN files under consolidated/: absent in the mirror -> 404
        with pytest.raises(SourceUnavailableError, match="HTTP 404"):
            prepare_load(None, settings)
        (mirror / "ofac" / "consolidated").mkdir()
        for p in (mirror / "ofac").glob("cons_*.csv"):
            p.rename(mirror / "ofac" / "consolidated" / p.name)
        load = prepare_load(None, settings)
    assert load.source == "official" and load.counts["SSI"] > 0 and len(load.files) == 9


def test_settings_lists_is_the_default_source(mirror: Path) -> None:
    assert prepare_load(None, _settings(lists=str(mirror))).source == str(mirror)


def test_unknown_scheme() -> None:
    with pytest.raises(SourceUnavailableError, match="scheme"):
        prepare_load("ftp://example.org/lists", _settings())
