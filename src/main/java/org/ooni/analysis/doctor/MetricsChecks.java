package org.ooni.analysis.doctor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.ooni.analysis.config.StatsdSettings;

/** Where the metrics go: the original sends StatsD to localhost:8125, where its dashboards' collector listens. */
final class MetricsChecks {
    private MetricsChecks() {
    }

    static List<String> check(StatsdSettings s) {
        List<String> out = new ArrayList<>();
        if (!s.enabled()) {
            out.add("metrics: [statsd] enabled = false; the original sends every series to localhost:8125");
            return out;
        }
        try {
            InetAddress host = InetAddress.getByName(s.host());
            if (!host.isLoopbackAddress()) {
                out.add("metrics: sent to " + s.host() + ":" + s.port() + "; the original sends to localhost:8125");
            }
        } catch (UnknownHostException e) {
            out.add("metrics: [statsd] host " + s.host() + " does not resolve; nothing is sent");
        }
        if (s.port() != 8125) {
            out.add("metrics: [statsd] port is " + s.port() + "; the original sends to port 8125");
        }
        return out;
    }
}
