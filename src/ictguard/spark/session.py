"""One SparkSession per command, always stopped; the running ictguard code shipped to remote executors."""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ictguard.errors import InputError

#: the directory (in each executor's working directory) the shipped package is unpacked into
SHIPPED_DIR = "ictguard_code"
DEFAULT_MASTER = "local[*]"


def require_pyspark() -> None:
    """InputError (exit 2) with the install hint when pyspark is not installed."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise InputError("--engine spark needs pyspark: pip install 'ictguard[spark]'", field="--engine") from None


def package_zip(directory: Path) -> Path:
    """A zip of the ictguard package this process runs (code and data files, as in the wheel), in ``directory``.

    Executors unpack it (spark.archives) and put it first on their PYTHONPATH, so the code they run is the
    driver's exactly: the broadcast screener and the task functions are pickled by the driver's classes.
    """
    import ictguard

    root = Path(ictguard.__file__).resolve().parent
    out = directory / "ictguard_code.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                archive.write(path, Path("ictguard") / path.relative_to(root))
    return out


def is_local(master: str) -> bool:
    return master.startswith("local")


@contextmanager
def spark_session(master: str | None = None, app: str = "ictguard") -> Iterator[Any]:
    """A SparkSession on ``master`` (default: ``local[*]``, every core of this machine), stopped on exit.

    Under spark-submit (a session already configured by the launcher) the master given there is used. For a
    remote master the running ictguard package is shipped; the executors need its dependencies installed
    (``pip install 'ictguard[spark]'`` on the nodes, or a packed environment: docs/scale.md).
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:  # spark-submit's session, or the caller's: used as it is, and left running
        yield active
        return

    submitted = "PYSPARK_GATEWAY_PORT" in os.environ and master is None  # spark-submit: its master and files
    if not submitted:  # Python workers run this interpreter (same machine, or the same image on a cluster)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    chosen = master or DEFAULT_MASTER
    with tempfile.TemporaryDirectory(prefix="ictguard-spark-") as tmp:
        builder = SparkSession.builder.appName(app)
        if not submitted:
            builder = builder.master(chosen)
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "2000")
            .config("spark.sql.session.timeZone", "UTC")
        )
        if not submitted and not is_local(chosen):
            builder = builder.config("spark.archives", f"{package_zip(Path(tmp))}#{SHIPPED_DIR}").config(
                "spark.executorEnv.PYTHONPATH", SHIPPED_DIR
            )
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        try:
            yield spark
        finally:
            spark.stop()
