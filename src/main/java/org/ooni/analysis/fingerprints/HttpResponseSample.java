package org.ooni.analysis.fingerprints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP response as a probe saw it: status (0 when unknown), headers by lower-case name (a name may repeat), and
 * the raw body bytes. No fingerprint column constrains the status; it is carried for the caller's report.
 */
public record HttpResponseSample(int status, Map<String, List<String>> headers, byte[] body) {
    public HttpResponseSample {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>())
                .addAll(v));
        lower.replaceAll((k, v) -> List.copyOf(v));
        headers = Map.copyOf(lower);
    }

    public List<String> header(String lowerCaseName) {
        return headers.getOrDefault(lowerCaseName, List.of());
    }
}
