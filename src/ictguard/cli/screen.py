"""CLI commands: screen, screen-file, match-pairs (see shared/spec/contract.md, "Screening")."""

from __future__ import annotations

import importlib
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from ictguard.cases.ports import ScreeningContext
from ictguard.cli._output import emit_json
from ictguard.errors import InputError
from ictguard.screening.tabular import country_code

if TYPE_CHECKING:
    from ictguard.screening import Screener

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


def load_screening(list_file: Path | None) -> tuple[ScreeningContext, Screener]:
    """What ``screen`` and ``screen-file`` screen against: the active list version (or ``list_file``) plus the
    curated regime entities (``lists.snapshot.screening_snapshot``, as ``decide`` and the API); the screener is
    cached per version."""
    from ictguard.lists.snapshot import ListSnapshot, screening_snapshot
    from ictguard.screening import screener_for

    if list_file is not None:
        from ictguard.lists import effective_dates, stated_dates
        from ictguard.lists.csl_csv import load_csl_csv
        from ictguard.screening.journal import file_digest

        # Dated as `lists update` dates a loaded version, so --as-of means the same with either.
        entities = effective_dates.apply(stated_dates.apply(load_csl_csv(list_file)))
        snapshot = ListSnapshot(f"file-{file_digest(list_file)[:16]}", datetime.now(UTC), tuple(entities))
    else:
        # The lists area provides the store access; resolved at run time so this module does not depend on it.
        repo = importlib.import_module("ictguard.store.lists_repo")
        db = importlib.import_module("ictguard.store.db")
        snapshot = repo.load_active_snapshot(db.open_engine())
    screened = screening_snapshot(snapshot)
    screener = screener_for(screened)
    # The context builds the same hit document as the API (ScreeningContext.screen_document).
    context = ScreeningContext(snapshot.version_id, cast(Any, screener), {e.id: e for e in screened.entities})
    return context, screener


def _country_option(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return country_code(value)
    except ValueError as exc:
        raise InputError(str(exc), field="--country") from None


def screen(
    name: Annotated[str, typer.Argument(help="Party name, any spelling or script")],
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 country code of the party")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Screen the lists as in force on YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most hits to return")] = 10,
    threshold: Annotated[float | None, typer.Option(help="Minimum score (default: the tuned threshold)")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON document on stdout")] = False,
    list_file: ListFileOption = None,
) -> None:
    """Screen one party name against the active lists (and the curated FCC Covered List / NDAA §889 companies)."""
    if not name.strip():
        raise InputError("empty name", field="NAME")
    code = _country_option(country)
    on = _parse_date(as_of, "--as-of") or date.today()
    cut = _threshold(threshold)
    document = load_screening(list_file)[0].screen_document(name, country=code, as_of=on, threshold=cut, limit=limit)
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
    # A FAMILY hit is not from a published list: print its path (parent, source, what covers it, Entity List status).
    for hit in document["hits"]:
        for feature in hit["explanation"]:
            if feature["feature"] == "family":
                console.print(f"FAMILY (ictguard family knowledge base, not a published list): {feature['detail']}",
                              markup=False, highlight=False)


OUT_COLUMNS = ("best_hit_id", "best_hit_name", "best_hit_source", "matched_name", "score", "decision", "status")
CLASH_PREFIX = "input_"


def output_names(columns: list[str], added: tuple[str, ...]) -> dict[str, str]:
    """The output name of each input column: its own, or ``input_<name>`` when ictguard adds a column of that
    name (an input ``score`` or ``decision`` is kept, as ``input_score``, never overwritten)."""
    taken = set(added)
    names: dict[str, str] = {}
    for column in columns:
        name = column
        while name in taken:
            name = CLASH_PREFIX + name
        taken.add(name)
        names[column] = name
    return names


def screen_file(
    input_path: Annotated[Path, typer.Argument(metavar="IN", help="CSV, XLSX or Parquet file of parties")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output CSV")],
    name_column: Annotated[str | None, typer.Option(help="Column with the party name")] = None,
    country_column: Annotated[str | None, typer.Option(help="Column with the ISO country code")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Screen the lists as in force on YYYY-MM-DD")] = None,
    threshold: Annotated[float | None, typer.Option(help="Minimum score (default: the tuned threshold)")] = None,
    list_file: ListFileOption = None,
) -> None:
    """Screen every row of a file; resumable (journal next to OUT); bad rows are reported and marked, not fatal.

    OUT has every input column (one named like a column ictguard adds is renamed ``input_<name>``) and then
    best_hit_id, best_hit_name, best_hit_source, matched_name, score, decision, status. Cells that a
    spreadsheet would run as a formula (starting with = + - @, tab or CR) are written with a leading '.
    """
    from ictguard.reports.csv_safe import write_safe_csv
    from ictguard.screening.journal import Journal, check_writable, file_digest
    from ictguard.screening.tabular import pick_column, read_table

    table = read_table(input_path)
    name_col = pick_column(table, name_column, ("name", "party", "party_name", "vendor_name", "company"), "name")
    if name_col is None:
        raise InputError("no name column found; pass --name-column", file=input_path, line=1, field="name")
    country_col = pick_column(table, country_column, ("country", "country_code"), "country")
    on = _parse_date(as_of, "--as-of") or date.today()
    cut = _threshold(threshold)
    renamed = output_names(table.columns, OUT_COLUMNS)
    check_writable(out)  # before the screener is built or any row screened
    screening, screener = load_screening(list_file)
    settings = {"as_of": on.isoformat(), "threshold": cut, "name": name_col, "country": country_col,
                "list_version": screening.version_id}
    journal = Journal(out, file_digest(input_path), settings)
    bad = 0
    try:
        with _progress(len(table.rows), len(journal.done)) as advance:
            for index, (line, row) in enumerate(table.rows):
                if index in journal.done:
                    continue
                result = {renamed[c]: v for c, v in row.items()}
                country, problem = _row_problem(table.problems.get(line), name_col, row.get(name_col, ""),
                                                country_col, row.get(country_col, "") if country_col else "")
                if problem:
                    bad += 1
                    field, reason = problem
                    print(f"ictguard: warning: {input_path}:{line}: field {field!r}: {reason}; row not screened",
                          file=sys.stderr)
                    result.update(dict.fromkeys(OUT_COLUMNS, ""), decision="error",
                                  status=f"error: field {field!r}: {reason}")
                else:
                    hits = screener.screen(row[name_col], country=country, as_of=on, threshold=0.0, limit=1)
                    result.update(_best(hits, cut))
                journal.add(index, result)
                if index % 200 == 0:
                    journal.flush()
                advance()
        journal.finish(out, [*renamed.values(), *OUT_COLUMNS], len(table.rows), write=write_safe_csv)
    finally:
        journal.close()
    if bad:
        print(f"ictguard: {bad} row(s) could not be screened; see the status column of {out}", file=sys.stderr)


def _row_problem(read: tuple[str, str] | None, name_col: str, name: str, country_col: str | None,
                 country: str) -> tuple[str | None, tuple[str, str] | None]:  # fmt: skip
    """(the row's country code, None) for a row that can be screened, else (None, (field, reason))."""
    if read is not None:
        return None, read
    reason = _name_problem(name)
    if reason:
        return None, (name_col, reason)
    if country_col is None or not country.strip():
        return None, None
    try:
        return country_code(country), None
    except ValueError as exc:
        return None, (country_col, str(exc))


def _name_problem(name: str) -> str | None:
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


PAIR_COLUMNS = ("score", "match")


def match_pairs(
    input_path: Annotated[Path, typer.Argument(metavar="IN", help="CSV with name1,name2[,schema]")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output CSV")],
    threshold: Annotated[float | None, typer.Option(help="Match threshold (default: the tuned threshold)")] = None,
) -> None:
    """Score name pairs (no list lookup): OUT repeats every row and adds score and match.

    As in screen-file, an input column named score or match is kept as input_score / input_match, and
    formula-looking cells are written with a leading '.
    """
    from ictguard.reports.csv_safe import write_safe_csv
    from ictguard.screening import compare_names
    from ictguard.screening.journal import check_writable
    from ictguard.screening.tabular import read_table

    cut = _threshold(threshold)
    table = read_table(input_path)
    check_writable(out)  # before any pair is scored
    for column in ("name1", "name2"):
        if column not in table.columns:
            found = ", ".join(repr(c) for c in table.columns[:8]) + (" …" if len(table.columns) > 8 else "")
            hint = " (the first line must be the header; '#' comment lines are not read as comments)" \
                if table.columns and table.columns[0].startswith("#") else ""
            raise InputError(f"missing column {column!r}: the header needs name1, name2 (schema optional); "
                             f"found {found or 'no columns'}{hint}", file=input_path, line=1, field=column)
    schemas = {"company": "Company", "organization": "Company", "legalentity": "Company", "person": "Person",
               "vessel": "Vessel", "": "Company"}
    renamed = output_names(table.columns, PAIR_COLUMNS)
    rows: list[dict[str, str]] = []
    for line, row in table.rows:
        schema = schemas.get(row.get("schema", "").strip().lower())
        if schema is None:
            raise InputError(f"unknown schema {row['schema']!r} (Company, Person or Vessel)", file=input_path,
                             line=line, field="schema")
        read = table.problems.get(line)
        if read is not None:
            print(f"ictguard: warning: {input_path}:{line}: field {read[0]!r}: {read[1]}; scored as read",
                  file=sys.stderr)
        score, _ = compare_names(row["name1"], row["name2"], schema)
        rows.append({**{renamed[c]: v for c, v in row.items()}, "score": f"{score:.4f}",
                     "match": "true" if score >= cut else "false"})
    tmp = out.with_name(out.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            write_safe_csv(handle, [*renamed.values(), *PAIR_COLUMNS], rows)
        tmp.replace(out)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=out, field="-o") from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("screen")(screen)
    app.command("screen-file")(screen_file)
    app.command("match-pairs")(match_pairs)
