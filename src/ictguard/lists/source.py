"""Fetch the files of one list load: a local directory or file, a ``file://`` or ``http(s)://`` URL laid out
like the mirror, or the official download URLs. Fetching only reads bytes; nothing is parsed here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx

from ictguard.errors import IncompleteSourceError, ListFormatError, SourceUnavailableError
from ictguard.settings import Settings

CSL_NAMES = ("consolidated.csv", "consolidated.json")
OFAC_NAMES = (
    "ofac/sdn.csv",
    "ofac/add.csv",
    "ofac/alt.csv",
    "ofac/sdn_comments.csv",
    "ofac/cons_prim.csv",
    "ofac/cons_add.csv",
    "ofac/cons_alt.csv",
    "ofac/cons_comments.csv",
)
LAYOUT = (*CSL_NAMES, *OFAC_NAMES)
# Where each layout file lives under the official OFAC folder (the non-SDN files are in consolidated/).
_OFFICIAL_OFAC = {n: n.removeprefix("ofac/") for n in OFAC_NAMES if "/cons_" not in n} | {
    n: "consolidated/" + n.removeprefix("ofac/") for n in OFAC_NAMES if "/cons_" in n
}


@dataclass(frozen=True, slots=True)
class FetchedFile:
    name: str  # layout name: "consolidated.csv", "ofac/sdn.csv" …
    url: str  # where it was read (path or URL), used in error messages
    data: bytes


def fetch(source: str | None, settings: Settings) -> tuple[str, list[FetchedFile]]:
    """(description of the source, files present). Raises SourceUnavailableError when nothing usable is there."""
    chosen = source or settings.lists
    if not chosen:
        return "official", _fetch_official(settings)
    parsed = urlparse(chosen)
    if parsed.scheme in ("http", "https"):
        files = _fetch_http_layout(chosen.rstrip("/"), settings.http_timeout)
    elif parsed.scheme == "file":
        files = _fetch_local(Path(unquote(parsed.path)))
    elif parsed.scheme and len(parsed.scheme) > 1:
        raise SourceUnavailableError(f"unsupported source scheme {parsed.scheme!r} in {chosen}")
    else:
        files = _fetch_local(Path(chosen))
    if not files:
        raise SourceUnavailableError(
            f"{chosen}: no list files found (expected consolidated.csv and/or ofac/sdn.csv, ofac/cons_prim.csv …)"
        )
    return chosen, files


def _fetch_local(path: Path) -> list[FetchedFile]:
    if path.is_file():
        name = "consolidated.json" if path.suffix.lower() == ".json" else "consolidated.csv"
        return [FetchedFile(name, str(path), _read(path))]
    if not path.is_dir():
        raise SourceUnavailableError(f"{path}: no such file or directory")
    return [FetchedFile(n, str(path / n), _read(path / n)) for n in LAYOUT if _layout_file(path / n)]


def _layout_file(path: Path) -> bool:
    """True for a regular file, False when nothing is there; anything else at a layout name is an error
    (a directory or a dangling link where ``sdn.csv`` should be is a broken mirror, not a missing file)."""
    if path.is_file():
        return True
    if path.is_symlink():
        raise IncompleteSourceError("a dangling symbolic link where a list file should be", file=path)
    if path.exists():
        kind = "a directory" if path.is_dir() else "not a regular file"
        raise IncompleteSourceError(f"{kind} where a list file should be", file=path)
    return False


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceUnavailableError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _fetch_http_layout(base: str, timeout: float) -> list[FetchedFile]:
    out = []
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        for name in LAYOUT:
            data = _get(client, f"{base}/{name}", missing_ok=True)
            if data is not None:
                out.append(FetchedFile(name, f"{base}/{name}", data))
    return out


def _fetch_official(settings: Settings) -> list[FetchedFile]:
    base = settings.ofac_base_url.rstrip("/")
    wanted = [("consolidated.csv", settings.csl_url)] + [(n, f"{base}/{p}") for n, p in _OFFICIAL_OFAC.items()]
    with httpx.Client(timeout=settings.http_timeout, follow_redirects=True) as client:
        return [FetchedFile(name, url, _get(client, url, missing_ok=False) or b"") for name, url in wanted]


def _get(client: httpx.Client, url: str, *, missing_ok: bool) -> bytes | None:
    try:
        response = client.get(url)
    except httpx.RemoteProtocolError as exc:
        raise ListFormatError(f"incomplete download: {exc}", file=url) from None
    except httpx.HTTPError as exc:
        raise SourceUnavailableError(f"{url}: download failed: {exc or type(exc).__name__}") from None
    if response.status_code == 404 and missing_ok:
        return None
    if response.status_code != 200:
        raise SourceUnavailableError(f"{url}: download failed: HTTP {response.status_code}")
    expected = response.headers.get("content-length")
    encoded = response.headers.get("content-encoding")
    if expected and expected.isdigit() and not encoded and int(expected) != len(response.content):
        raise ListFormatError(f"incomplete download: {len(response.content)} of {expected} bytes", file=url)
    return response.content
