"""Start, drive and stop KB's SolrCloud test cluster (`solr/run-cluster`, a
MiniSolrCloudCluster in one JVM) from Python: the tests' session fixture,
`bench/solr.py` and `make solr-start` / `make solr-stop` use this.

Standard library only, and no KB import: it manages a Java process, nothing more.
    python -m solr.cluster start [--dir var/solr]    # in the background; prints the URLs
    python -m solr.cluster status | stop-node N | start-node N | stop
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUN = HERE / "run-cluster"
INFO = "cluster.json"


def missing_tools() -> str | None:
    """Why the cluster cannot start here (Java or Maven absent), or None."""
    for program, what in (("java", "Java"), ("mvn", "Maven")):
        if shutil.which(program) is None:
            return f"{what} is not installed ({program} is not on PATH)"
    return None


@dataclass
class Cluster:
    """A running cluster: its node URLs, ZooKeeper address and control port."""

    info: dict
    process: subprocess.Popen | None = None

    @property
    def urls(self) -> list[str]:
        return [n["url"] for n in self.info["nodes"]]

    @property
    def zk(self) -> str:
        return self.info["zk"]

    def command(self, line: str, timeout: float = 180.0) -> dict:
        """One control command ("status", "stop 1", "start 1", "shutdown") and its answer."""
        with socket.create_connection(("127.0.0.1", self.info["control_port"]), timeout=timeout) as s:
            s.sendall(line.encode() + b"\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        answer = json.loads(data or b"{}")
        if not answer.get("ok"):
            raise RuntimeError(f"cluster command {line!r} failed: {answer.get('error')}")
        return answer

    def stop_node(self, i: int) -> dict:
        return self.command(f"stop {i}")

    def start_node(self, i: int) -> dict:
        """Starts node `i` again; returns once every replica is active again."""
        return self.command(f"start {i}")

    def shutdown(self, timeout: float = 60.0) -> None:
        try:
            self.command("shutdown", timeout=timeout)
        except (OSError, RuntimeError, ValueError):
            pass
        if self.process is not None:
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        else:
            _wait_gone(self.info.get("pid"), timeout)


def _wait_gone(pid: int | None, timeout: float) -> None:
    if not pid:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            return
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def start(directory: Path, *, collection: str = "kb", nodes: int = 2, shards: int = 2,
          replicas: int = 2, timeout: float = 300.0, detach: bool = False,
          log: Path | None = None) -> Cluster:
    """Start a cluster with its data in `directory` (emptied first) and wait until
    it is ready. Attached (the default), the cluster stops when this process
    exits, as its stdin closes; detached, it runs until `stop`."""
    directory = Path(directory).resolve()
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    info_path = directory.parent / f"{directory.name}-{INFO}"
    info_path.unlink(missing_ok=True)
    log = log or directory.parent / f"{directory.name}.log"
    args = [str(RUN), "--dir", str(directory), "--info", str(info_path), "--collection", collection,
            "--shards", str(shards), "--replicas", str(replicas)] + (["--detached"] if detach else [])
    env = dict(os.environ, KB_SOLR_NODES=str(nodes))
    with open(log, "ab") as err:
        process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL if detach else subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=err, env=env, start_new_session=detach)
    deadline = time.monotonic() + timeout
    while not info_path.exists():
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the Solr cluster did not start (exit {process.returncode}):\n{tail}")
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the Solr cluster did not start within {timeout:.0f} s; see {log}")
        time.sleep(0.2)
    return Cluster(json.loads(info_path.read_text()), None if detach else process)


def running(directory: Path) -> Cluster | None:
    """The detached cluster whose data is in `directory`, if it answers."""
    directory = Path(directory).resolve()
    info_path = directory.parent / f"{directory.name}-{INFO}"
    if not info_path.exists():
        return None
    cluster = Cluster(json.loads(info_path.read_text()))
    try:
        cluster.command("status", timeout=5)
    except (OSError, RuntimeError, ValueError):
        return None
    return cluster


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m solr.cluster", description=__doc__.split("\n\n")[0])
    p.add_argument("action", choices=["start", "status", "stop", "stop-node", "start-node"])
    p.add_argument("node", nargs="?", type=int)
    p.add_argument("--dir", type=Path, default=Path(os.environ.get("KB_DATA_DIR", "var")) / "solr")
    p.add_argument("--nodes", type=int, default=2)
    a = p.parse_args(argv)
    cluster = running(a.dir)
    if a.action == "start":
        if cluster is None:
            t0 = time.monotonic()
            cluster = start(a.dir, nodes=a.nodes, detach=True)
            print(f"SolrCloud started in {time.monotonic() - t0:.1f} s", file=sys.stderr)
        print(f"KB_SOLR_URL={','.join(cluster.urls)}")
        return 0
    if cluster is None:
        print(f"no cluster runs from {a.dir}", file=sys.stderr)
        return 0 if a.action == "stop" else 1
    if a.action == "stop":
        cluster.shutdown()
        return 0
    if a.action in ("stop-node", "start-node"):
        if a.node is None:
            p.error("which node? (0-based)")
        answer = cluster.command(f"{a.action.split('-')[0]} {a.node}")
    else:
        answer = cluster.command("status")
    print(json.dumps(answer, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
