package org.ooni.analysis.geoip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IPv4 and IPv6 address literals without ever asking DNS (InetAddress.getByName would, for a name). */
final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    static Optional<InetAddress> parse(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        } else if (!IPV6.matcher(text).matches()) {
            // only literals with a colon are sure never to be looked up as host names
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
