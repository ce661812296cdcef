"""Evidence reports (HTML and PDF), SVG charts and spreadsheet-safe CSV export.

Adapters (CLI, web) call these; the functions take plain documents (the ``to_dict()`` shapes of the core)
so reports never depend on how a result was produced.
"""

from ictguard.reports.csv_safe import neutralise_cell, write_safe_csv
from ictguard.reports.render import render_pdf, render_report

__all__ = ["neutralise_cell", "render_pdf", "render_report", "write_safe_csv"]
