"""A Spark standalone cluster on 127.0.0.1 for a test: one master and two one-core workers, started with the
``spark-class`` launcher pyspark ships, and always stopped (their whole process groups: the executors and
their Python workers go with them)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

#: per worker: one core, and memory for one small executor (spark-defaults.conf below asks for 512m)
WORKER_MEMORY = "768m"
START_TIMEOUT = 180.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def cluster_env(conf_dir: Path) -> dict[str, str]:
    """The environment of the daemons and the driver: loopback only, small daemons, no PYTHONPATH (executors
    import ictguard from what the driver ships)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYSPARK_PYTHON", "SPARK_HOME")}
    env.update(
        SPARK_HOME=str(spark_home()),
        SPARK_LOCAL_IP="127.0.0.1",
        SPARK_DAEMON_MEMORY="256m",
        SPARK_CONF_DIR=str(conf_dir),
    )
    return env


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    launcher = spark_home() / "bin" / "spark-class"
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(launcher), *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def _alive_workers(ui: int) -> int:
    with suppress(OSError, ValueError):
        with urllib.request.urlopen(f"http://127.0.0.1:{ui}/json/", timeout=5) as answer:
            state = json.loads(answer.read())
            return sum(1 for w in state.get("workers", []) if w.get("state") == "ALIVE")
    return 0


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with suppress(subprocess.TimeoutExpired):
            process.wait(wait)
            return


@contextmanager
def standalone_cluster(directory: Path, workers: int = 2) -> Iterator[tuple[str, dict[str, str]]]:
    """(master URL, environment for a driver) of a running cluster; stopped on exit, whatever happened."""
    conf = directory / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "spark-defaults.conf").write_text(
        "spark.executor.memory 512m\nspark.executor.cores 1\nspark.driver.memory 512m\n"
        "spark.sql.shuffle.partitions 4\nspark.ui.enabled false\n",
        encoding="utf-8",
    )
    env = cluster_env(conf)
    port, ui = free_port(), free_port()
    processes = [
        _start(
            [
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--webui-port",
                str(ui),
            ],
            env,
            directory / "master.log",
        )
    ]
    try:
        master = f"spark://127.0.0.1:{port}"
        for number in range(workers):
            work = directory / f"worker{number}"
            work.mkdir(exist_ok=True)
            processes.append(
                _start(
                    [
                        "org.apache.spark.deploy.worker.Worker",
                        master,
                        "--host",
                        "127.0.0.1",
                        "--cores",
                        "1",
                        "--memory",
                        WORKER_MEMORY,
                        "--webui-port",
                        str(free_port()),
                        "--work-dir",
                        str(work),
                    ],
                    env,
                    directory / f"worker{number}.log",
                )
            )
        deadline = time.monotonic() + START_TIMEOUT
        while _alive_workers(ui) < workers:
            if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in directory.glob("*.log"))
                raise RuntimeError(f"the standalone cluster did not start:\n{logs}")
            time.sleep(1)
        yield master, env
    finally:
        for process in reversed(processes):
            _stop(process)
