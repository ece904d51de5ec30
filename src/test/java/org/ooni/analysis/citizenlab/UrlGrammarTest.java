package org.ooni.analysis.citizenlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlGrammarTest {
    private static final String INVALID = "<invalid>";

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', nullValues = "NULL", textBlock = """
            https://example.com                      | example.com
            http://example.com                       | example.com
            https://example.com/                     | example.com
            https://example.com/path/to/page.html    | example.com
            HTTPS://EXAMPLE.COM/                     | EXAMPLE.COM
            HtTp://Www.Example.Org/X                 | Www.Example.Org
            example.com                              | example.com
            www.example.com/                         | www.example.com
            https://sub.domain.example.co.uk/a?b=c   | sub.domain.example.co.uk
            https://example.com?q=1                  | example.com
            https://example.com/?q=1                 | example.com
            https://example.com:8080/                | example.com
            https://example.com:8080                 | example.com
            http://1.2.3.4/                          | 1.2.3.4
            http://1.2.3.4:80/x                      | 1.2.3.4
            1.2.3.4                                  | 1.2.3.4
            http://10.0.0.10/                        | 10.0.0.10
            https://example.com./                    | example.com.
            https://xn--80ak6aa92e.com/              | xn--80ak6aa92e.com
            https://a-b.example.museum/              | a-b.example.museum
            https://example.c-m/                     | example.c-m
            https://ab.-cd/                          | ab.-cd
            https://123.example.com/                 | 123.example.com
            https://example.com//                    | example.com
            https://example.com/#frag                | example.com
            https://example.com/a%20b                | example.com
            https://example.com/ünïcode              | example.com
            https://example.com:                     | <invalid>
            https://example.com:abc/                 | <invalid>
            https://example.com#frag                 | <invalid>
            https://example.com?                     | <invalid>
            https://example.com/with space           | <invalid>
            ' https://example.com/'                  | <invalid>
            'https://example.com/ '                  | <invalid>
            https://example.com/a\\b                 | <invalid>
            https://exa\\mple.com/                   | <invalid>
            https://localhost/                       | <invalid>
            https://example.c/                       | <invalid>
            https://-example.com/                    | <invalid>
            https://example-.com/                    | <invalid>
            https://exa_mple.com/                    | <invalid>
            https://example..com/                    | <invalid>
            https://.example.com/                    | <invalid>
            https://ex@mple.com/                     | <invalid>
            https://user@example.com/                | <invalid>
            https://bücher.de/                       | <invalid>
            https://пример.рф/                       | <invalid>
            ftp://example.com/                       | <invalid>
            https:///example.com                     | <invalid>
            https://                                 | <invalid>
            http://1.2.3.4.                          | <invalid>
            http://1.2.3/                            | <invalid>
            http://1234.2.3.4/                       | <invalid>
            ''                                       | <invalid>
            """)
    void matchesTheGrammar(String url, String expected) {
        String actual = UrlGrammar.domainOf(url.replace("\\\\", "\\"));
        assertEquals(expected, actual == null ? INVALID : actual);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://example.com/a{TAB}b
            https://example.com/a{LF}b
            https://example.com/a{CR}b
            https://example.com/{CR}{LF}
            https://example.com/a{NBSP}b
            https://exam{TAB}ple.com/
            """)
    void controlAndWhitespaceCharactersAreInvalid(String template) {
        String url = template.replace("{TAB}", "\t").replace("{LF}", "\n").replace("{CR}", "\r")
                .replace("{NBSP}", "\u00a0");
        assertEquals(INVALID, orInvalid(UrlGrammar.domainOf(url)));
    }

    @org.junit.jupiter.api.Test
    void labelsAreAtMost63Characters() {
        String label63 = "a" + "b".repeat(61) + "c";
        assertEquals(label63 + ".example.com", UrlGrammar.domainOf("https://" + label63 + ".example.com/"));
        assertEquals(INVALID, orInvalid(UrlGrammar.domainOf("https://" + label63 + "d.example.com/")));
    }

    private static String orInvalid(String s) {
        return s == null ? INVALID : s;
    }
}
