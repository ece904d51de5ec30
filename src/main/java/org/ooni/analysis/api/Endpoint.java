package org.ooni.analysis.api;

/** One route of the API; throws {@link ApiError} for answers other than success. */
interface Endpoint {
    Response handle(Request request);
}
