package org.ooni.analysis.store;

/**
 * ClickHouse table engine a schema asks for; DuckDB ignores it. A server that lacks the engine falls back to
 * {@link #MERGE_TREE} with the same key.
 */
public enum Engine { MERGE_TREE, REPLACING_MERGE_TREE, EMBEDDED_ROCKSDB }
