"""The ``ictguard`` command line. Each command group lives in its own module and registers itself here.

This is the one place that turns errors into exit codes and one-line messages (see ictguard.errors).
"""

from __future__ import annotations

import sys

import typer

from ictguard.cli import decide, devices, evidence, lists, representation, rip_replace, screen, service
from ictguard.errors import IctguardError, exit_code_for

app = typer.Typer(
    name="ictguard",
    help="Screen parties, decide transactions and audit devices under US foreign-adversary ICT rules.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """Screen parties, decide transactions and audit devices under US foreign-adversary ICT rules."""


for module in (lists, screen, decide, rip_replace, representation, devices, service, evidence):
    module.register(app)


@app.command()
def version() -> None:
    """Print the ictguard version."""
    from ictguard import __version__

    print(__version__)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: runs the app and maps every ictguard error to its exit code."""
    try:
        result = app(args=argv, standalone_mode=False)
    except IctguardError as exc:
        print(f"ictguard: error: {exc}", file=sys.stderr)
        raise SystemExit(exit_code_for(exc)) from None
    except typer.Abort:
        print("ictguard: aborted", file=sys.stderr)
        raise SystemExit(130) from None
    except KeyboardInterrupt:
        print("ictguard: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    except SystemExit:
        raise
    except Exception as exc:
        # Usage errors of typer's (vendored) click arrive here in non-standalone mode.
        format_message = getattr(exc, "format_message", None)
        if format_message is None or not hasattr(exc, "exit_code"):
            raise
        print(f"ictguard: error: {format_message()}", file=sys.stderr)
        raise SystemExit(2) from None
        raise
    # click returns the code of typer.Exit(code) instead of exiting when not standalone.
    if isinstance(result, int) and result != 0:
        raise SystemExit(result)
