package org.ooni.analysis.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Escaping for the pages: every value that reaches HTML or SVG text or an attribute goes through {@link #text}
 * (domains and AS names come from outside), every value in a link's query through {@link #query}.
 */
final class Html {
    private Html() {
    }

    /** Text or a double-quoted attribute value, HTML- and SVG-safe; control characters become '?'. */
    static String text(String value) {
        StringBuilder b = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' || c == 0x7f ? '?' : c);
            }
        }
        return b.toString();
    }

    /** A path with its query, the values percent-encoded, then escaped for an {@code href} attribute. */
    static String link(String path, Map<String, String> params) {
        StringJoiner q = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return text(q.length() == 0 ? path : path + "?" + q);
    }
}
