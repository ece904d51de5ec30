package org.ooni.analysis.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The frame every detector page shares (phone-friendly head, stylesheet, navigation), the error pages, and the
 * headers an HTML answer carries: a Content-Security-Policy that allows only this server's stylesheet and
 * {@code data:} images (no scripts at all, no inline styles), and no framing.
 */
final class HtmlPage {
    static final String CONTENT_TYPE = "text/html; charset=utf-8";
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
            + " base-uri 'none'; frame-ancestors 'none'";
    static final String STYLESHEET_PATH = "/detector/style.css";

    private HtmlPage() {
    }

    /** A whole page: {@code title} is escaped here, {@code body} must already be escaped markup. */
    static Response page(int status, String title, String body) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.text(title) + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + STYLESHEET_PATH + "\"></head>\n<body>"
                + "<header><a href=\"/detector/\">Blocking events</a></header>\n<main>" + body + "</main></body></html>\n";
        return Response.text(status, CONTENT_TYPE, html);
    }

    /** An error page whose message names what went wrong (already free of internals: no stack trace). */
    static Response error(int status, String heading, String message) {
        return page(status, heading, "<h1>" + Html.text(heading) + "</h1><p class=\"message\" id=\"error\">"
                + Html.text(message) + "</p><p><a href=\"/detector/\">All events</a></p>");
    }

    /** The stylesheet, from the jar (read once, when the server starts). */
    static Response stylesheet() {
        try (InputStream in = HtmlPage.class.getResourceAsStream("detector.css")) {
            if (in == null) {
                throw new IllegalStateException("detector.css missing from the jar");
            }
            return new Response(200, "text/css; charset=utf-8", in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
