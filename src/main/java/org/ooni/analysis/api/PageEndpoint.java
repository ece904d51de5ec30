package org.ooni.analysis.api;

import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.Log;

/**
 * Wraps a page so its failures are pages too: a bad parameter is a 400 page naming it, an unreachable store a 503
 * "store unavailable" page, anything else a 500 page; the details go to the log only, never to the browser.
 */
final class PageEndpoint implements Endpoint {
    private final Endpoint page;
    private final String label;
    private final Log log;

    PageEndpoint(String label, Endpoint page, Log log) {
        this.label = label;
        this.page = page;
        this.log = log;
    }

    @Override
    public Response handle(Request request) {
        try {
            return page.handle(request);
        } catch (ApiError e) {
            return HtmlPage.error(e.status(), e.status() == 400 ? "Bad parameter" : "Error " + e.status(),
                    e.getMessage());
        } catch (StoreError e) {
            log.error("api: " + label + ": " + e.getMessage());
            return HtmlPage.error(503, "Store unavailable", "The measurement store cannot be read right now;"
                    + " the detector's events will be back when it is. Try again in a minute.");
        } catch (RuntimeException e) {
            log.error("api: " + label + ": " + e);
            return HtmlPage.error(500, "Internal error", "Something went wrong on the server; it has been logged.");
        }
    }
}
