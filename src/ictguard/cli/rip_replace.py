"""CLI command ``ictguard rip-replace FILE.json [--as-of YYYY-MM-DD] [--json]``: is the equipment reimbursable
under the rip-and-replace programme, and which deadlines apply (core: ``ictguard.rules.rip_replace``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ictguard.cli._output import emit_json
from ictguard.cli.decide import _as_of, load_decision_resolver, read_document


def register(app: typer.Typer) -> None:
    """Add this module's command to the main app."""

    @app.command("rip-replace")
    def rip_replace_command(
        file: Annotated[Path, typer.Argument(help="JSON file: provider, equipment (obtained/removed), date")],
        as_of: Annotated[str | None, typer.Option("--as-of", help="Apply the programme as on YYYY-MM-DD")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON")] = False,
    ) -> None:
        """Rip-and-replace eligibility: provider size, equipment dates, deadlines, with rule ids and citations."""
        from ictguard.rules.rip_replace import answer, parse_question

        question = parse_question(read_document(file), file=file)
        resolver, _notes = load_decision_resolver()
        result = answer(question, resolver=resolver, as_of=_as_of(as_of)).to_dict()
        if as_json:
            emit_json(result)
            return
        priority = result["priority"]
        typer.echo(
            f"{result['question'] or '-'}\t{result['as_of']}\t{result['outcome']}"
            + (f"\tpriority {priority['rank']}: {priority['category']}" if priority else "")
        )
        for finding in result["findings"]:
            typer.echo(f"  {finding['subject']}: {finding['outcome']} ({', '.join(finding['rules'])})")
            typer.echo(f"    {finding['explanation']}")
            if finding["citations"]:
                typer.echo(f"    citations: {'; '.join(finding['citations'])}")
        typer.echo("  deadlines:")
        for row in result["deadlines"]:
            cite = f" [{row['rule']}; {row['citation']}]" if row["citation"] else f" [{row['rule']}]"
            typer.echo(f"    {row['date'] or '—'}  {row['what']}{cite}")
