"""CLI commands: screen, screen-file, match-pairs (see shared/spec/contract.md, "Screening")."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    from ictguard.service.batch import operating_threshold

    chosen = operating_threshold(value)
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
        from ictguard.store.db import open_engine
        from ictguard.store.lists_repo import load_active_snapshot

        snapshot = load_active_snapshot(open_engine())
    screened = screening_snapshot(snapshot)
    screener = screener_for(screened)
    # The context builds the same hit document as the API (ScreeningContext.screen_document).
    context = ScreeningContext(snapshot.version_id, screener, {e.id: e for e in screened.entities})
    return context, screener


def _version_and_screener(list_file: Path | None) -> tuple[str, Screener]:
    context, screener = load_screening(list_file)
    return context.version_id, screener


def engine_of(value: str) -> str:
    if value not in ("local", "spark"):
        raise InputError(f"unknown engine {value!r} (local or spark)", field="--engine")
    return value


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
    evidence: Annotated[
        Path | None,
        typer.Option(help="Also write the screening evidence (EVIDENCE.pdf or .html), recorded in the audit log"),
    ] = None,
) -> None:
    """Screen one party name against the active lists (and the curated FCC Covered List / NDAA §889 companies)."""
    if not name.strip():
        raise InputError("empty name", field="NAME")
    code = _country_option(country)
    on = _parse_date(as_of, "--as-of") or date.today()
    cut = _threshold(threshold)
    if evidence is not None and evidence.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise InputError("the evidence document must end in .pdf or .html", file=evidence, field="--evidence")
    document = load_screening(list_file)[0].screen_document(name, country=code, as_of=on, threshold=cut, limit=limit)
    if evidence is not None:
        _write_evidence(evidence, document, code, cut)
    if json_out:
        emit_json(document)
        return
    _print_table(document)


def _write_evidence(path: Path, document: dict[str, Any], country: str | None, threshold: float) -> None:
    from ictguard.service import evidence_docs
    from ictguard.store.db import open_engine

    issued = evidence_docs.screening_evidence(
        open_engine(),
        document,
        country=country,
        issuer=evidence_docs.cli_issuer(),
        fmt="pdf" if path.suffix.lower() == ".pdf" else "html",
        threshold=threshold,
    )
    evidence_docs.write(issued, path)


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
                console.print(
                    f"FAMILY (ictguard family knowledge base, not a published list): {feature['detail']}",
                    markup=False,
                    highlight=False,
                )


EngineOption = Annotated[str, typer.Option("--engine", help="local (this machine) or spark (Apache Spark)")]
MasterOption = Annotated[str | None, typer.Option("--master", help="Spark master URL (default local[*])")]


def screen_file(
    input_path: Annotated[Path, typer.Argument(metavar="IN", help="CSV, XLSX or Parquet file of parties")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output CSV")],
    name_column: Annotated[str | None, typer.Option(help="Column with the party name")] = None,
    country_column: Annotated[str | None, typer.Option(help="Column with the ISO country code")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Screen the lists as in force on YYYY-MM-DD")] = None,
    threshold: Annotated[float | None, typer.Option(help="Minimum score (default: the tuned threshold)")] = None,
    list_file: ListFileOption = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (default: all cores)")] = None,
    engine: EngineOption = "local",
    master: MasterOption = None,
    summary: Annotated[
        Path | None,
        typer.Option(
            help="Also write a summary document (SUMMARY.pdf or .html: counts, hits, reviewer decisions, list "
            "version), recorded in the audit log like every evidence document"
        ),
    ] = None,
) -> None:
    """Screen every row of a file; resumable (journal next to OUT); bad rows are reported and marked, not fatal.

    OUT has every input column (one named like a column ictguard adds is renamed ``input_<name>``) and then
    best_hit_id, best_hit_name, best_hit_source, matched_name, score, decision, status. Cells that a
    spreadsheet would run as a formula (starting with = + - @, tab or CR) are written with a leading '.
    Any number of workers writes the same file, rows in input order.
    """
    from ictguard.screening.journal import check_writable
    from ictguard.screening.tabular import pick_column, read_table
    from ictguard.service.batch import COUNTRY_COLUMNS, NAME_COLUMNS, BatchOptions, BatchRow
    from ictguard.service.screen_file import screen_file as run

    if engine_of(engine) == "spark":  # CSV/Parquet files or directories, screened on Spark (ictguard.spark)
        from ictguard.spark.screen import screen_on_spark

        if summary is not None:
            raise InputError(
                "--summary is written by --engine local only (not yet from a Spark run)", field="--summary"
            )

        bad = screen_on_spark(
            input_path,
            out,
            name_column=name_column,
            country_column=country_column,
            as_of=_parse_date(as_of, "--as-of") or date.today(),
            threshold=_threshold(threshold),
            load=lambda: _version_and_screener(list_file),
            master=master,
        )
        if bad:
            print(f"ictguard: {bad} row(s) could not be screened; see the status column of {out}", file=sys.stderr)
        return
    table = read_table(input_path)
    name_col = pick_column(table, name_column, NAME_COLUMNS, "name")
    if name_col is None:
        raise InputError("no name column found; pass --name-column", file=input_path, line=1, field="name")
    country_col = pick_column(table, country_column, COUNTRY_COLUMNS, "country")
    options = BatchOptions(name_col, country_col, _parse_date(as_of, "--as-of") or date.today(), _threshold(threshold))
    check_writable(out)  # before the screener is built or any row screened
    if summary is not None and summary.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise InputError("the summary must end in .pdf or .html", file=summary, field="--summary")
    screening, screener = load_screening(list_file)

    with _progress(len(table.rows), 0) as advance:

        def each(row: BatchRow) -> None:
            if row.problem is not None:
                field, reason = row.problem
                print(
                    f"ictguard: warning: {input_path}:{row.line}: field {field!r}: {reason}; row not screened",
                    file=sys.stderr,
                )
            advance()

        result = run(screener, screening.version_id, table, options, out, workers=workers, each=each)
    if summary is not None:
        _write_summary(summary, out, options, screening.version_id, input_path, table.columns)
    if result.errors:
        print(
            f"ictguard: {len(result.errors)} row(s) could not be screened; see the status column of {out}",
            file=sys.stderr,
        )


def _write_summary(
    summary: Path, out: Path, options: Any, list_version: str, input_path: Path, columns: list[str]
) -> None:
    from ictguard.service import evidence_docs
    from ictguard.service.batch import OUT_COLUMNS, output_names
    from ictguard.store.db import open_engine

    renamed = output_names(columns, OUT_COLUMNS)  # the CSV's header names for the name and country columns
    run = {"list_version": list_version, "threshold": options.threshold, "as_of": options.as_of.isoformat()}
    issued = evidence_docs.file_batch_summary(
        open_engine(),
        out,
        run,
        input_file=input_path,
        name_column=renamed[options.name_column],
        country_column=renamed.get(options.country_column or ""),
        issuer=evidence_docs.cli_issuer(),
        fmt="pdf" if summary.suffix.lower() == ".pdf" else "html",
    )
    evidence_docs.write(issued, summary)


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
    from ictguard.service.batch import output_names

    cut = _threshold(threshold)
    table = read_table(input_path)
    check_writable(out)  # before any pair is scored
    for column in ("name1", "name2"):
        if column not in table.columns:
            found = ", ".join(repr(c) for c in table.columns[:8]) + (" …" if len(table.columns) > 8 else "")
            hint = (
                " (the first line must be the header; '#' comment lines are not read as comments)"
                if table.columns and table.columns[0].startswith("#")
                else ""
            )
            raise InputError(
                f"missing column {column!r}: the header needs name1, name2 (schema optional); "
                f"found {found or 'no columns'}{hint}",
                file=input_path,
                line=1,
                field=column,
            )
    schemas = {
        "company": "Company",
        "organization": "Company",
        "legalentity": "Company",
        "person": "Person",
        "vessel": "Vessel",
        "": "Company",
    }
    renamed = output_names(table.columns, PAIR_COLUMNS)
    rows: list[dict[str, str]] = []
    for line, row in table.rows:
        schema = schemas.get(row.get("schema", "").strip().lower())
        if schema is None:
            raise InputError(
                f"unknown schema {row['schema']!r} (Company, Person or Vessel)",
                file=input_path,
                line=line,
                field="schema",
            )
        read = table.problems.get(line)
        if read is not None:
            print(
                f"ictguard: warning: {input_path}:{line}: field {read[0]!r}: {read[1]}; scored as read", file=sys.stderr
            )
        try:
            score, _ = compare_names(row["name1"], row["name2"], schema)
        except InputError as exc:  # an over-long name: say where it is
            raise type(exc)(exc.reason, file=input_path, line=line, field=exc.field) from None
        rows.append(
            {
                **{renamed[c]: v for c, v in row.items()},
                "score": f"{score:.4f}",
                "match": "true" if score >= cut else "false",
            }
        )
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
