"""CLI commands: screen, screen-file, match-pairs (see shared/spec/contract.md, "Screening")."""

from __future__ import annotations

import csv
import importlib
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from ictguard.cli._output import emit_json
from ictguard.errors import InputError

ListFileOption = Annotated[
    Path | None, typer.Option("--list-file", help="Screen against this CSL CSV instead of the active list version")
]


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}", field=option) from None


def _threshold(value: float | None) -> float:
    from ictguard.screening import DEFAULT_THRESHOLD
    from ictguard.settings import get_settings

    chosen = value if value is not None else get_settings().screening_threshold
    chosen = DEFAULT_THRESHOLD if chosen is None else chosen
    if not 0.0 <= chosen <= 1.0:
        raise InputError(f"threshold must be between 0 and 1, got {chosen}", field="--threshold")
    return chosen


def load_screener(list_file: Path | None) -> Any:
    """The Screener of the active list version (or of ``list_file``), cached per version."""
    from ictguard.lists.snapshot import ListSnapshot
    from ictguard.screening import screener_for

    if list_file is not None:
        from ictguard.lists.csl_csv import load_csl_csv
        from ictguard.screening.journal import file_digest

        entities = load_csl_csv(list_file)
        snapshot = ListSnapshot(f"file-{file_digest(list_file)[:16]}", datetime.now(UTC), tuple(entities))
        return screener_for(snapshot)
    # The lists area provides the store access; resolved at run time so this module does not depend on it.
    repo = importlib.import_module("ictguard.store.lists_repo")
    db = importlib.import_module("ictguard.store.db")
    return screener_for(repo.load_active_snapshot(db.open_engine()))


def screen(
    name: Annotated[str, typer.Argument(help="Party name, any spelling or script")],
    country: Annotated[str | None, typer.Option(help="ISO country code of the party")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Screen the lists as in force on YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most hits to return")] = 10,
    threshold: Annotated[float | None, typer.Option(help="Minimum score (default: the tuned threshold)")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON document on stdout")] = False,
    list_file: ListFileOption = None,
) -> None:
    """Screen one party name against the active lists."""
    if not name.strip():
        raise InputError("empty name", field="NAME")
    on = _parse_date(as_of, "--as-of") or date.today()
    cut = _threshold(threshold)
    screener = load_screener(list_file)
    hits = screener.screen(name, country=country, as_of=on, threshold=cut, limit=limit)
    document = {"query": name, "as_of": on.isoformat(), "list_version": screener.version_id,
                "hits": [h.to_dict() for h in hits]}
    if json_out:
        emit_json(document)
        return
    _print_table(document)


def _print_table(document: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not document["hits"]:
        console.print(f"No match for {document['query']!r} (lists {document['list_version']}, {document['as_of']}).")
        return
    table = Table(title=f"{document['query']} — lists {document['list_version']} as of {document['as_of']}")
    for column in ("score", "source", "name", "matched name", "why"):
        table.add_column(column)
    for hit in document["hits"]:
        why = "; ".join(f"{f['feature']} {f['score']:.2f}" for f in hit["explanation"])
        table.add_row(f"{hit['score']:.3f}", hit["source"], hit["name"], hit["matched_name"], why)
    console.print(table)


OUT_COLUMNS = ("best_hit_id", "best_hit_name", "best_hit_source", "matched_name", "score", "decision", "status")


def screen_file(
    input_path: Annotated[Path, typer.Argument(metavar="IN", help="CSV, XLSX or Parquet file of parties")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output CSV")],
    name_column: Annotated[str | None, typer.Option(help="Column with the party name")] = None,
    country_column: Annotated[str | None, typer.Option(help="Column with the ISO country code")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Screen the lists as in force on YYYY-MM-DD")] = None,
    threshold: Annotated[float | None, typer.Option(help="Minimum score (default: the tuned threshold)")] = None,
    list_file: ListFileOption = None,
) -> None:
    """Screen every row of a file; resumable (journal next to OUT); bad rows are reported and marked, not fatal."""
    from ictguard.screening.journal import Journal, file_digest
    from ictguard.screening.tabular import pick_column, read_table

    table = read_table(input_path)
    name_col = pick_column(table, name_column, ("name", "party", "party_name", "vendor_name", "company"), "name")
    if name_col is None:
        raise InputError("no name column found; pass --name-column", file=input_path, line=1, field="name")
    country_col = pick_column(table, country_column, ("country", "country_code"), "country")
    on = _parse_date(as_of, "--as-of") or date.today()
    cut = _threshold(threshold)
    screener = load_screener(list_file)
    settings = {"as_of": on.isoformat(), "threshold": cut, "name": name_col, "country": country_col,
                "list_version": screener.version_id}
    journal = Journal(out, file_digest(input_path), settings)
    bad = 0
    try:
        with _progress(len(table.rows), len(journal.done)) as advance:
            for index, (line, row) in enumerate(table.rows):
                if index in journal.done:
                    continue
                result = dict(row)
                problem = _row_problem(row.get(name_col, ""))
                if problem:
                    bad += 1
                    print(f"ictguard: warning: {input_path}:{line}: field {name_col!r}: {problem}; row skipped",
                          file=sys.stderr)
                    result.update(dict.fromkeys(OUT_COLUMNS, ""), decision="error", status=f"error: {problem}")
                else:
                    country = (row.get(country_col, "") if country_col else "").strip() or None
                    hits = screener.screen(row[name_col], country=country, as_of=on, threshold=0.0, limit=1)
                    result.update(_best(hits, cut))
                journal.add(index, result)
                if index % 200 == 0:
                    journal.flush()
                advance()
        journal.finish(out, [*table.columns, *OUT_COLUMNS], len(table.rows))
    finally:
        journal.close()
    if bad:
        print(f"ictguard: {bad} row(s) could not be screened; see the status column of {out}", file=sys.stderr)


def _row_problem(name: str) -> str | None:
    if not name.strip():
        return "empty name"
    if len(name) > 1000:
        return f"name too long ({len(name)} characters)"
    if not any(c.isalnum() for c in name):
        return "name has no letters or digits"
    return None


def _best(hits: list[Any], cut: float) -> dict[str, str]:
    if not hits:
        return {"best_hit_id": "", "best_hit_name": "", "best_hit_source": "", "matched_name": "", "score": "0",
                "decision": "no_match", "status": "ok"}
    hit = hits[0]
    return {"best_hit_id": hit.entity.id, "best_hit_name": hit.entity.name, "best_hit_source": hit.entity.source,
            "matched_name": hit.matched_name, "score": f"{hit.score:.4f}",
            "decision": "match" if hit.score >= cut else "no_match", "status": "ok"}


class _progress:
    """A rich progress bar on a terminal; nothing otherwise."""

    def __init__(self, total: int, done: int) -> None:
        self.total, self.done = total, done
        self._bar: Any = None

    def __enter__(self) -> Any:
        if sys.stderr.isatty():
            from rich.progress import Progress

            self._bar = Progress(transient=False)
            self._bar.start()
            task = self._bar.add_task("screening", total=self.total, completed=self.done)
            return lambda: self._bar.advance(task)
        return lambda: None

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def match_pairs(
    input_path: Annotated[Path, typer.Argument(metavar="IN", help="CSV with name1,name2[,schema]")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output CSV")],
    threshold: Annotated[float | None, typer.Option(help="Match threshold (default: the tuned threshold)")] = None,
) -> None:
    """Score name pairs (no list lookup): OUT repeats every row and adds score and match."""
    from ictguard.screening import compare_names
    from ictguard.screening.tabular import read_table

    cut = _threshold(threshold)
    table = read_table(input_path)
    for column in ("name1", "name2"):
        if column not in table.columns:
            raise InputError(f"missing column {column!r}", file=input_path, line=1, field=column)
    schemas = {"company": "Company", "organization": "Company", "legalentity": "Company", "person": "Person",
               "vessel": "Vessel", "": "Company"}
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*table.columns, "score", "match"])
        writer.writeheader()
        for line, row in table.rows:
            schema = schemas.get(row.get("schema", "").strip().lower())
            if schema is None:
                tmp.unlink()
                raise InputError(f"unknown schema {row['schema']!r} (Company, Person or Vessel)", file=input_path,
                                 line=line, field="schema")
            score, _ = compare_names(row["name1"], row["name2"], schema)
            writer.writerow({**row, "score": f"{score:.4f}", "match": "true" if score >= cut else "false"})
    tmp.replace(out)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("screen")(screen)
    app.command("screen-file")(screen_file)
    app.command("match-pairs")(match_pairs)
