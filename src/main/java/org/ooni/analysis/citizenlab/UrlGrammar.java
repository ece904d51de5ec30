package org.ooni.analysis.citizenlab;

/**
 * The URL grammar the test lists are held to, and the domain it yields. Matched by hand rather than with a regex:
 * it runs once per row and a regex would cost most of the parse budget.
 *
 * <pre>
 * url    = [ "http://" | "https://" ] host [ ":" 1*DIGIT ] tail      (case-insensitive)
 * host   = 1*( label "." ) final [ "." ]  |  1*3DIGIT 3( "." 1*3DIGIT )
 * label  = 1-63 of ALPHA / DIGIT / "-", not starting or ending with "-"
 * final  = 2*( ALPHA / DIGIT / "-" )          (this includes the 2-6 letter top-level domains)
 * tail   = "" | "/" | ( "/" | "?" ) 1*non-whitespace
 * </pre>
 * A URL holding CR, LF, TAB or a backslash is invalid. The domain is the host as written (case and trailing dot kept).
 */
public final class UrlGrammar {
    private UrlGrammar() {
    }

    /** Returns the domain of a valid URL, or null when the URL does not match the grammar. */
    public static String domainOf(String url) {
        int n = url.length();
        int start = schemeLength(url);
        int i = start;
        while (i < n) {
            char c = url.charAt(i);
            if (c == ':' || c == '/' || c == '?') {
                break;
            }
            i++;
        }
        int hostEnd = i;
        if (hostEnd == start || !(isDnsName(url, start, hostEnd) || isIpv4(url, start, hostEnd))) {
            return null;
        }
        if (i < n && url.charAt(i) == ':') {
            int portStart = ++i;
            while (i < n && isDigit(url.charAt(i))) {
                i++;
            }
            if (i == portStart) {
                return null;
            }
        }
        if (!isValidTail(url, i)) {
            return null;
        }
        return url.substring(start, hostEnd);
    }

    private static int schemeLength(String url) {
        if (url.regionMatches(true, 0, "http://", 0, 7)) {
            return 7;
        }
        if (url.regionMatches(true, 0, "https://", 0, 8)) {
            return 8;
        }
        return 0;
    }

    private static boolean isValidTail(String url, int i) {
        int n = url.length();
        if (i == n) {
            return true;
        }
        char c = url.charAt(i);
        if (c != '/' && c != '?') {
            return false;
        }
        if (i + 1 == n) {
            return c == '/';
        }
        for (int j = i + 1; j < n; j++) {
            char t = url.charAt(j);
            if (isWhitespace(t) || t == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Python's str.isspace(), which is what the original pattern's \S excluded. */
    private static boolean isWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    private static boolean isDnsName(String s, int from, int to) {
        int end = to;
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        int lastDot = -1;
        for (int i = end - 1; i >= from; i--) {
            if (s.charAt(i) == '.') {
                lastDot = i;
                break;
            }
        }
        if (lastDot < 0) {
            return false;
        }
        if (end - (lastDot + 1) < 2) {
            return false;
        }
        for (int i = lastDot + 1; i < end; i++) {
            if (!isLabelChar(s.charAt(i))) {
                return false;
            }
        }
        int labelStart = from;
        for (int i = from; i <= lastDot; i++) {
            if (s.charAt(i) == '.') {
                if (!isLabel(s, labelStart, i)) {
                    return false;
                }
                labelStart = i + 1;
            }
        }
        return true;
    }

    private static boolean isLabel(String s, int from, int to) {
        int len = to - from;
        if (len < 1 || len > 63 || s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isLabelChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4(String s, int from, int to) {
        int parts = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                if (++digits > 3) {
                    return false;
                }
            } else if (c == '.') {
                if (digits == 0) {
                    return false;
                }
                parts++;
                digits = 0;
            } else {
                return false;
            }
        }
        return parts == 3 && digits > 0;
    }

    private static boolean isLabelChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '-';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
