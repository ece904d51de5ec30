package org.ooni.analysis.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.ooni.analysis.error.UsageError;

/**
 * A parsed {@code --db} value: {@code duckdb:PATH} or {@code clickhouse[+https]://USER:PASSWORD@HOST:PORT/DATABASE}.
 * {@link #toString()} masks the password.
 */
public record StoreUrl(Kind kind, String path, boolean https, String user, String password, String host, int port,
                       String database) {
    /** The two back ends. */
    public enum Kind { DUCKDB, CLICKHOUSE }

    public static final String DEFAULT = "duckdb:var/analysis.duckdb";

    public static StoreUrl parse(String value) {
        if (value == null || value.isBlank()) {
            throw new UsageError("empty --db URL");
        }
        if (value.startsWith("duckdb:")) {
            String path = value.substring("duckdb:".length());
            if (path.isEmpty()) {
                throw new UsageError("--db duckdb: needs a path, e.g. duckdb:var/analysis.duckdb");
            }
            return new StoreUrl(Kind.DUCKDB, path, false, null, null, null, 0, null);
        }
        boolean https = value.startsWith("clickhouse+https://");
        if (!https && !value.startsWith("clickhouse://")) {
            throw new UsageError("unsupported --db URL " + masked(value)
                    + " (expected duckdb:PATH or clickhouse://USER:PASSWORD@HOST:PORT/DATABASE)");
        }
        try {
            URI uri = new URI(https ? value.substring("clickhouse+".length()) : "http" + value.substring("clickhouse".length()));
            if (uri.getHost() == null) {
                throw new UsageError("--db URL " + masked(value) + " has no host");
            }
            String user = "default";
            String password = "";
            String info = uri.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? "" : decode(info.substring(colon + 1));
            }
            String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "default" : uri.getPath().substring(1);
            if (!db.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new UsageError("--db URL " + masked(value) + ": database name must be a plain identifier");
            }
            int port = uri.getPort() > 0 ? uri.getPort() : (https ? 8443 : 8123);
            return new StoreUrl(Kind.CLICKHOUSE, null, https, user, password, uri.getHost(), port, db);
        } catch (URISyntaxException e) {
            throw new UsageError("malformed --db URL " + masked(value) + ": " + e.getReason());
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String masked(String value) {
        return org.ooni.analysis.error.Redact.url(value);
    }

    /** The HTTP endpoint of a ClickHouse URL, e.g. {@code http://localhost:8123}. */
    public String httpEndpoint() {
        return (https ? "https://" : "http://") + host + ":" + port;
    }

    @Override
    public String toString() {
        if (kind == Kind.DUCKDB) {
            return "duckdb:" + path;
        }
        String auth = password == null || password.isEmpty() ? user + "@" : user + ":***@";
        return (https ? "clickhouse+https://" : "clickhouse://") + auth + host + ":" + port + "/" + database;
    }
}
