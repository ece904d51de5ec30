package org.ooni.analysis.config;

/** The {@code [statsd]} section: where metrics go (etsy-flavour StatsD over UDP). */
public record StatsdSettings(Boolean enabled, String host, Integer port) {
    public StatsdSettings {
        if (enabled == null) {
            enabled = true;
        }
        if (host == null) {
            host = "localhost";
        }
        if (port == null) {
            port = 8125;
        }
    }
}
