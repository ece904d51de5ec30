package org.ooni.analysis.api;

/** A request the API answers with an error status and {@code {"error": message}}: bad input, unknown path, ... */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    int status() {
        return status;
    }
}
