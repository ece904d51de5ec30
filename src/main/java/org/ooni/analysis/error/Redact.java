package org.ooni.analysis.error;

import java.util.regex.Pattern;

/** Masks credentials in URLs and messages so that nothing printed or logged carries a password. */
public final class Redact {
    // scheme://user:password@host  ->  scheme://user:***@host
    private static final Pattern USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^:/@\\s]*):[^@\\s/]*@");
    private static final Pattern QUERY_SECRET =
            Pattern.compile("(?i)((?:password|secret|token|access_key_id|secret_access_key)=)[^&\\s]+");

    private Redact() {
    }

    public static String url(String url) {
        return secrets(url);
    }

    public static String secrets(String text) {
        if (text == null) {
            return null;
        }
        String masked = USERINFO.matcher(text).replaceAll("$1:***@");
        return QUERY_SECRET.matcher(masked).replaceAll("$1***");
    }
}
