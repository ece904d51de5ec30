package org.ooni.analysis.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class RedactTest {
    @Test
    void masksPasswordsInUrlsUpToTheLastAtOfTheAuthority() {
        assertEquals("clickhouse://bob:***@db.example:8123/ooni", Redact.url("clickhouse://bob:p@ss@db.example:8123/ooni"));
        assertEquals("https://user@host/x", Redact.url("https://user@host/x"));
        assertEquals("s3://bucket/key", Redact.url("s3://bucket/key"));
    }

    @Test
    void masksQueryParametersWhoseNamesLookSecretWhateverTheirCase() {
        assertEquals("http://h/repo.git?token=*** cannot open git-upload-pack",
                Redact.secrets("http://h/repo.git?token=ghp_abc123/info/refs?service=git-upload-pack cannot open git-upload-pack"));
        assertEquals("https://b.s3/o?X-Amz-Algorithm=***&X-Amz-Signature=***&v=1",
                Redact.secrets("https://b.s3/o?X-Amz-Algorithm=AWS4&X-Amz-Signature=deadbeef&v=1"));
        assertEquals("https://h/f.json?SIG=***&Key=***&api_key=***&client_secret=***&Auth=***&page=2",
                Redact.secrets("https://h/f.json?SIG=s1&Key=k1&api_key=a1&client_secret=c1&Auth=z1&page=2"));
        assertEquals("https://h/f?signature=*** and password=*** and access_token=***",
                Redact.secrets("https://h/f?signature=x and password=y and access_token=z"));
        assertEquals("http://h/r.git?token=***: not authorized", Redact.secrets("http://h/r.git?token=a:b:c: not authorized"));
        // Names that only contain a secret-looking word in the middle are left alone.
        assertEquals("https://h/f?keyword=censorship&tokens_left=3",
                Redact.secrets("https://h/f?keyword=censorship&tokens_left=3"));
    }

    @Test
    void escapesControlCharactersSoThatOneMessageIsOneLine() {
        assertEquals("lists/ir\\n10:00:00 INFO forged.csv", Redact.line("lists/ir\n10:00:00 INFO forged.csv"));
        assertEquals("lists/\\x1b[31mred\\x1b[0m.csv", Redact.line("lists/\u001b[31mred\u001b[0m.csv"));
        assertEquals("a\\x00b\\r\\u202e\tc", Redact.line("a\u0000b\r\u202e\tc"));
        assertEquals("plain", Redact.line("plain"));
    }

    @Test
    void echoedInputAndMessagesAreBounded() {
        String header = "c,".repeat(1_000_000);
        String echo = Redact.echo(header);
        assertEquals(Redact.ECHO_CHARS + "... (2000000 characters in all)".length(), echo.length());
        assertEquals("c,c,c", echo.substring(0, 5));
        InvalidInput e = new InvalidInput("lists/x.csv", 1, 1, "header is " + header);
        assertEquals(Redact.MESSAGE_CHARS, e.getMessage().length());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void everyFailureKindMasksItsMessage() {
        String leaky = "git: http://h/r.git?token=SECRET1: not authorized, see https://u:SECRET2@h/";
        for (AnalysisException e : new AnalysisException[] {new SourceUnavailable("http://h?sig=SECRET3", leaky),
            new StoreError(leaky), new InvalidInput("f?key=SECRET4", 1, 2, leaky), new UsageError(leaky)}) {
            assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
        }
    }
}
