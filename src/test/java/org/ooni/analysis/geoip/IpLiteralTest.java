package org.ooni.analysis.geoip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Address literals parse; names and malformed literals are refused without a DNS lookup. */
class IpLiteralTest {
    @Test
    void parsesLiterals() {
        assertEquals("8.8.8.8", IpLiteral.parse("8.8.8.8").orElseThrow().getHostAddress());
        assertEquals("2001:4860:4860:0:0:0:0:8888", IpLiteral.parse("2001:4860:4860::8888").orElseThrow().getHostAddress());
        assertEquals("1.2.3.4", IpLiteral.parse("::ffff:1.2.3.4").orElseThrow().getHostAddress());
    }

    @Test
    void refusesNamesAndBadLiterals() {
        for (String bad : new String[] {"example.org", "cafe", "999.1.1.1", "1.2.3", "1::2::3", "", "8.8.8.8/24"}) {
            assertTrue(IpLiteral.parse(bad).isEmpty(), bad);
        }
    }
}
