package org.ooni.analysis.detector;

/** The four per-cell signals the CUSUM detector watches; {@link #label()} is the {@code block_type} value. */
public enum Signal {
    DNS_ISP("dns_isp"), DNS_OTHER("dns_other"), TCP("tcp"), TLS("tls");

    private final String label;

    Signal(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The signal whose label is {@code label}, or null when there is none. */
    public static Signal ofLabel(String label) {
        for (Signal s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        return null;
    }
}
