"""KB_SOLR_USER and KB_SOLR_PASSWORD against a SolrCloud that requires them:
the test cluster's own BasicAuthPlugin and RuleBasedAuthorizationPlugin,
switched on for one collection by writing `security.json` in its ZooKeeper
(as `bin/solr auth` would), so the other Solr tests are not touched. Without
credentials, or with wrong ones, KB says which settings to check, and the
web app answers 503 with that message, never a 500."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import time

import httpx
import pytest

from indexes import open_index
from indexes.solr import SolrIndex
from kb.errors import IndexUnavailable
from kb.models import Query
from tests import solrcloud
from tests.conftest import make_document

USER, PASSWORD = "kb-ingest", "a long passphrase for solr"
COLLECTION = "kbsecure"


def _hashed(password: str) -> str:
    """Solr's stored form of a basic-auth password: sha256(sha256(salt + password)), and the salt."""
    salt = os.urandom(32)
    digest = hashlib.sha256(hashlib.sha256(salt + password.encode()).digest()).digest()
    return f"{base64.b64encode(digest).decode()} {base64.b64encode(salt).decode()}"


def _status(node: str, auth=None) -> int:
    return httpx.get(f"{node}/{COLLECTION}/select", params={"q": "*:*", "rows": 0}, auth=auth,
                     timeout=30).status_code


def _set_security(zk_hosts: str, security: dict, urls: list[str], expect: int) -> None:
    from kazoo.client import KazooClient

    zk = KazooClient(hosts=zk_hosts)
    zk.start(timeout=30)
    try:
        zk.set("/security.json", json.dumps(security).encode())
    finally:
        zk.stop()
        zk.close()
    deadline = time.monotonic() + 60
    while any(_status(u) != expect for u in urls):       # every node has read it
        assert time.monotonic() < deadline, "the nodes did not pick up security.json"
        time.sleep(0.2)


@pytest.fixture
def secured():
    """A collection that only USER may read or write; the rest of the cluster open."""
    cluster = solrcloud.cluster()
    if cluster is None:
        pytest.skip("securing a collection needs the launcher's cluster; KB_SOLR_URL names another one")
    name = solrcloud.collection(COLLECTION)
    security = {
        "authentication": {"class": "solr.BasicAuthPlugin", "blockUnknown": False,
                           "credentials": {USER: _hashed(PASSWORD)}},
        "authorization": {"class": "solr.RuleBasedAuthorizationPlugin", "user-role": {USER: "kb"},
                          "permissions": [{"name": "kb-only", "collection": name, "path": "/*",
                                           "role": "kb"}]},
    }
    _set_security(cluster.zk, security, cluster.urls, 401)
    try:
        yield cluster
    finally:
        _set_security(cluster.zk, {}, cluster.urls, 200)


def test_the_configured_credentials_open_a_secured_collection(secured):
    url = ",".join(secured.urls)
    index = open_index("solr", "unused", solr={"url": url, "collection": COLLECTION,
                                               "user": USER, "password": PASSWORD})
    try:
        index.clear()
        index.upsert([make_document(id="sec1", title="Customs single window", pages=("Trade permits.",),
                                    content_hash="s1")])
        assert [h.id for h in index.search(Query(text="customs")).hits] == ["sec1"]
    finally:
        index.close()
    assert _status(secured.urls[0]) == 401                    # and without them Solr refuses
    assert _status(secured.urls[0], auth=(USER, PASSWORD)) == 200


@pytest.mark.parametrize("password", ["", "not the password"])
def test_missing_or_wrong_credentials_name_the_settings_to_check(secured, password):
    user = USER if password else ""
    index = SolrIndex(",".join(secured.urls), COLLECTION, user=user, password=password)
    try:
        with pytest.raises(IndexUnavailable, match="refused KB's credentials.*KB_SOLR_USER and KB_SOLR_PASSWORD"):
            index.search(Query(text="customs"))
    finally:
        index.close()


def test_the_web_app_with_wrong_credentials_answers_503_not_500(secured, tmp_path):
    from kb.settings import Settings
    from web import create_app

    settings = Settings(data_dir=tmp_path / "var", backend="solr", solr_url=",".join(secured.urls),
                        solr_collection=COLLECTION, solr_user=USER, solr_password="wrong")
    client = create_app(settings).test_client()
    api = client.get("/api/search?q=customs")
    assert api.status_code == 503
    assert api.get_json()["error"]["kind"] == "index-unavailable"
    assert "KB_SOLR_PASSWORD" in api.get_json()["error"]["message"]
    page = client.get("/?q=customs")
    assert page.status_code == 503 and "The search index is not available" in page.get_data(as_text=True)
