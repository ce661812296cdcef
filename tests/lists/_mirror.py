"""Build small list mirrors in a temp dir from the real shared files (never copied into the repo)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ictguard.lists.source import FetchedFile
from ictguard.lists.update import PreparedLoad, build_load

OFAC_FILES = (
    "sdn.csv",
    "add.csv",
    "alt.csv",
    "sdn_comments.csv",
    "cons_prim.csv",
    "cons_add.csv",
    "cons_alt.csv",
    "cons_comments.csv",
)


def make_mirror(lists_dir: Path, dest: Path, *, csl_rows: int = 120, sdn_rows: int = 150, ofac: bool = True) -> Path:
    """``dest`` laid out like the mirror: the first ``csl_rows`` EL rows plus 30 SDN rows of consolidated.csv,
    and (if ``ofac``) the first ``sdn_rows`` of sdn.csv with complete companion files."""
    dest.mkdir(parents=True, exist_ok=True)
    lines = (lists_dir / "consolidated.csv").read_bytes().split(b"\n")
    header, body = lines[0], [line for line in lines[1:] if line]
    sdn = [line for line in body if b"Specially Designated Nationals" in line][:30]
    (dest / "consolidated.csv").write_bytes(b"\n".join([header, *body[:csl_rows], *sdn]) + b"\n")
    if ofac:
        (dest / "ofac").mkdir(exist_ok=True)
        for name in OFAC_FILES:
            data = (lists_dir / "ofac" / name).read_bytes()
            if name == "sdn.csv":
                data = b"".join(data.splitlines(keepends=True)[:sdn_rows]) + b"\x1a"
            (dest / "ofac" / name).write_bytes(data)
    return dest


@lru_cache(maxsize=1)
def prepared_mirror(lists_dir: Path) -> PreparedLoad:
    """The whole shared mirror, fetched and prepared once per test session."""
    names = ["consolidated.csv"] + [f"ofac/{p.name}" for p in sorted((lists_dir / "ofac").glob("*.csv"))]
    return build_load(str(lists_dir), [FetchedFile(n, str(lists_dir / n), (lists_dir / n).read_bytes()) for n in names])
