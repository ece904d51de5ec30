package org.ooni.analysis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.error.UsageError;

class StoreUrlTest {
    private static String error(String value) {
        UsageError e = assertThrows(UsageError.class, () -> StoreUrl.parse(value));
        assertEquals(2, e.exitCode());
        return e.getMessage();
    }

    @Test
    void aPortThatIsNotANumberIsSaidToBeOne() {
        assertEquals("--db URL clickhouse://h:notaport/db: the port 'notaport' is not a number "
                + "(e.g. clickhouse://HOST:8123/DATABASE)", error("clickhouse://h:notaport/db"));
        assertEquals("--db URL clickhouse://h:70000/db: the port 70000 is outside 1..65535",
                error("clickhouse://h:70000/db"));
    }

    @Test
    void anAtInThePasswordAsksForPercentEncodingAndIsMasked() {
        String message = error("clickhouse://bob:p@ss@db.example:8123/ooni");
        assertEquals("--db URL clickhouse://bob:***@db.example:8123/ooni: the user or password holds an '@': write it "
                + "percent-encoded as %40 (and ':' as %3A, '/' as %2F)", message);
        assertFalse(message.contains("ss@"), message);
        StoreUrl encoded = StoreUrl.parse("clickhouse://bob:p%40ss@db.example:8123/ooni");
        assertEquals("p@ss", encoded.password());
        assertEquals("db.example", encoded.host());
    }

    @Test
    void aUrlWithoutHostStillSaysSo() {
        assertEquals("--db URL clickhouse:///db has no host", error("clickhouse:///db"));
        assertEquals("--db URL clickhouse://bad_host:8123/db: 'bad_host' is not a valid host name",
                error("clickhouse://bad_host:8123/db"));
    }

    @Test
    void theCommandLineExitsWithTheUsageCode() {
        CliRun.Result r = CliRun.run("--db", "clickhouse://h:notaport/db", "query", "SELECT 1");
        assertEquals(2, r.exitCode());
        assertEquals("error: usage error: --db URL clickhouse://h:notaport/db: the port 'notaport' is not a number "
                + "(e.g. clickhouse://HOST:8123/DATABASE)", r.errorLine());
    }
}
