"""KB's SolrCloud test cluster: the Java launcher (launcher/) and its Python control (cluster.py)."""
