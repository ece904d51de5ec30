package org.ooni.analysis.error;

import java.util.regex.Pattern;

/**
 * The one rule for every line the program writes (log lines, the CLI's error line, {@code job_runs} rows, summaries,
 * and the messages of libraries that end up in them): passwords in URLs and the values of query parameters whose
 * names look secret are masked, and control characters are escaped so that no input can forge or colour a line.
 */
public final class Redact {
    /** How much of an input an error message echoes at most. */
    public static final int ECHO_CHARS = 300;
    /** How long one message may be at most (an error line, a job_runs error). */
    public static final int MESSAGE_CHARS = 1000;

    // scheme://user:password@host -> scheme://user:***@host. The password runs to the last '@' of the authority, so
    // a password holding an unencoded '@' is masked whole.
    private static final Pattern USERINFO =
            Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\\s]*):[^\\s/?#]*@");
    // name=value where the name looks secret: token, key, sig, signature, password, secret, auth (alone or as the
    // last word of a longer name such as access_token, api_key, client_secret) or any X-Amz-* parameter. The value
    // ends at '&', '#', whitespace, a quote, or a ':' that ends the URL in a message ("URL: reason").
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)(?<![\\w.-])((?:[\\w.-]*[_.-])?(?:token|key|sig|signature|password|passwd|secret|auth|authorization"
                    + "|credential|access_key_id|secret_access_key)|x-amz-[\\w-]+)=(?:[^&\\s#\"'<>:]|:(?![\\s]|$))+");

    private Redact() {
    }

    public static String url(String url) {
        return secrets(url);
    }

    /** Masks credentials; everything else is kept as it is. */
    public static String secrets(String text) {
        if (text == null) {
            return null;
        }
        String masked = USERINFO.matcher(text).replaceAll("$1:***@");
        return QUERY_SECRET.matcher(masked).replaceAll("$1=***");
    }

    /** Credentials masked and control characters escaped: what every written line goes through. */
    public static String line(String text) {
        return escape(secrets(text));
    }

    /** A message for an error: one line as {@link #line} makes it, at most {@link #MESSAGE_CHARS} characters. */
    public static String message(String text) {
        String line = line(text);
        return line == null || line.length() <= MESSAGE_CHARS ? line
                : line.substring(0, MESSAGE_CHARS - 3) + "...";
    }

    /**
     * Part of an input to quote in a message: at most {@link #ECHO_CHARS} characters, the rest counted, so that a
     * header of a million columns makes a short error.
     */
    public static String echo(String input) {
        if (input == null || input.length() <= ECHO_CHARS) {
            return input;
        }
        return input.substring(0, ECHO_CHARS) + "... (" + input.length() + " characters in all)";
    }

    /**
     * Control characters but tab (C0, DEL, C1, line and paragraph separators, bidirectional overrides) as escapes: a newline
     * in a file name prints as {@code \n}, an ANSI escape as {@code \x1b}, so one message is one line.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String esc = escapeOf(c);
            if (esc != null && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (esc != null) {
                    b.append(esc);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? text : b.toString();
    }

    private static String escapeOf(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            default:
                break;
        }
        if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        if (c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
