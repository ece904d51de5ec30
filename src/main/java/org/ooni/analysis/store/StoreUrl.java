package org.ooni.analysis.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.ooni.analysis.error.Redact;
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
                    + " (expected duckdb:PATH or clickhouse://HOST:PORT/DATABASE, with USER:PASSWORD@ before HOST if needed)");
        }
        try {
            URI uri = new URI(https ? value.substring("clickhouse+".length()) : "http" + value.substring("clickhouse".length()));
            if (uri.getHost() == null) {
                throw new UsageError("--db URL " + masked(value) + whyNoHost(uri.getRawAuthority()));
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
            if (uri.getPort() > 65535 || uri.getPort() == 0) {
                throw new UsageError("--db URL " + masked(value) + ": the port " + uri.getPort() + " is outside 1..65535");
            }
            int port = uri.getPort() > 0 ? uri.getPort() : (https ? 8443 : 8123);
            return new StoreUrl(Kind.CLICKHOUSE, null, https, user, password, uri.getHost(), port, db);
        } catch (URISyntaxException e) {
            throw new UsageError("malformed --db URL " + masked(value) + ": " + e.getReason());
        }
    }

    /**
     * Why java.net.URI found no host: most often a password holding '@' or a port that is not a number, each said
     * as such rather than as "has no host".
     */
    private static String whyNoHost(String authority) {
        if (authority == null || authority.isEmpty()) {
            return " has no host";
        }
        if (authority.indexOf('@') != authority.lastIndexOf('@')) {
            return ": the user or password holds an '@': write it percent-encoded as %40 (and ':' as %3A, '/' as %2F)";
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && !hostPort.endsWith("]")) {
            String port = hostPort.substring(colon + 1);
            if (!port.matches("[0-9]+")) {
                return ": the port '" + Redact.echo(port) + "' is not a number (e.g. clickhouse://HOST:8123/DATABASE)";
            }
            if (port.length() > 5 || Integer.parseInt(port) > 65535) {
                return ": the port " + Redact.echo(port) + " is outside 1..65535";
            }
        }
        if (hostPort.isEmpty() || colon == 0) {
            return " has no host";
        }
        return ": '" + Redact.echo(hostPort.substring(0, colon < 0 ? hostPort.length() : colon))
                + "' is not a valid host name";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String masked(String value) {
        return Redact.url(value);
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
