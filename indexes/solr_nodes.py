"""Where a SolrCloud's nodes are: the setting KB_SOLR_URL, resolved.

Two forms, as Solr's own clients accept them:
- node URLs, comma-separated (`http://solr1:8983/solr,http://solr2:8983/solr`),
  or one load balancer's URL: a fixed list;
- the cluster's ZooKeeper ensemble, `zk://zk1:2181,zk2:2181/chroot` (the chroot,
  if the cluster has one, as in Solr's `-z`): the nodes are the ones SolrCloud
  lists as live in ZooKeeper (`/live_nodes`), watched, so a node that joins is
  asked from its first moment and one that leaves is skipped without waiting
  for it to refuse a connection. The URL scheme is the cluster's
  `urlScheme` property (`/clusterprops.json`), http unless it says https.

ZooKeeper is read through kazoo, read-only; KB never writes there. If the
ensemble becomes unreachable the last list seen is kept, and kazoo reconnects
by itself.
"""
from __future__ import annotations

import json
import logging
import threading
from urllib.parse import unquote

from kb.errors import IndexUnavailable

log = logging.getLogger(__name__)

ZK_SCHEME = "zk://"
LIVE_NODES = "/live_nodes"
CLUSTER_PROPS = "/clusterprops.json"


def node_url(node_name: str, scheme: str = "http") -> str:
    """A live node's base URL from its name in ZooKeeper: `host:port_context`,
    the context URL-encoded (`127.0.0.1:8983_solr` -> http://127.0.0.1:8983/solr)."""
    address, _, context = node_name.partition("_")
    return f"{scheme}://{address}/{unquote(context)}".rstrip("/")


class Nodes:
    """The node URLs of one SolrCloud, from KB_SOLR_URL's value."""

    def __init__(self, spec: str, *, timeout: float = 15.0) -> None:
        spec = spec.strip()
        self.spec = spec
        self._zk = None
        self._live: list[str] = []
        self._lock = threading.Lock()
        if spec.lower().startswith(ZK_SCHEME):
            self._fixed: list[str] | None = None
            self._watch_zookeeper(spec[len(ZK_SCHEME):], timeout)
        else:
            self._fixed = [u.strip().rstrip("/") for u in spec.split(",") if u.strip()]
            if not self._fixed:
                raise IndexUnavailable("no Solr node is configured; set KB_SOLR_URL")

    @property
    def from_zookeeper(self) -> bool:
        return self._fixed is None

    def urls(self) -> list[str]:
        """The nodes to ask now (empty when ZooKeeper lists none live)."""
        if self._fixed is not None:
            return list(self._fixed)
        with self._lock:
            return list(self._live)

    def close(self) -> None:
        zk, self._zk = self._zk, None
        if zk is not None:
            try:
                zk.stop()
                zk.close()
            except Exception:          # closing must not fail the caller's own close
                log.debug("closing the ZooKeeper client failed", exc_info=True)

    def __enter__(self) -> "Nodes":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _watch_zookeeper(self, hosts: str, timeout: float) -> None:
        from kazoo.client import KazooClient
        from kazoo.exceptions import KazooException, NoNodeError
        from kazoo.handlers.threading import KazooTimeoutError

        if not hosts.split("/", 1)[0].strip():
            raise IndexUnavailable("KB_SOLR_URL names no ZooKeeper host (zk://HOST:PORT[/chroot])")
        zk = KazooClient(hosts=hosts, read_only=True, timeout=timeout)
        try:
            zk.start(timeout=timeout)
        except (KazooTimeoutError, KazooException, ValueError) as exc:
            zk.close()
            raise IndexUnavailable(f"ZooKeeper at {hosts} did not answer ({exc}); "
                                   "check KB_SOLR_URL") from exc
        self._zk = zk
        try:
            data, _ = zk.get(CLUSTER_PROPS)
            scheme = (json.loads(data or b"{}").get("urlScheme") or "http").lower()
        except NoNodeError:
            scheme = "http"
        except (KazooException, ValueError) as exc:
            self.close()
            raise IndexUnavailable(f"ZooKeeper at {hosts} holds no readable SolrCloud ({exc})") from exc
        if not zk.exists(LIVE_NODES):
            self.close()
            raise IndexUnavailable(f"ZooKeeper at {hosts} holds no SolrCloud (no {LIVE_NODES}); "
                                   "is the chroot right?")

        def update(children: list[str]) -> bool:
            urls = sorted(node_url(name, scheme) for name in children)
            with self._lock:
                self._live = urls
            log.info("SolrCloud live nodes: %s", ", ".join(urls) or "none")
            return self._zk is not None            # stop watching once closed

        zk.ChildrenWatch(LIVE_NODES, update)
