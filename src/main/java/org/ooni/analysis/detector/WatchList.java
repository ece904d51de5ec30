package org.ooni.analysis.detector;

import java.util.Locale;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.ooni.analysis.citizenlab.CitizenLabTable;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.store.Warehouse;

/**
 * The domains the detector watches: {@code citizenlab} rows with {@code category_code = 'GRP'} and
 * {@code cc = 'ZZ'}, plus the {@code domains} of the config. Only host names become SQL literals; anything else is
 * skipped with a warning, so no input text is ever spliced into a query.
 */
public final class WatchList {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?");

    private WatchList() {
    }

    public static Set<String> load(Warehouse wh, DetectorSettings settings, Log log) {
        Set<String> domains = new TreeSet<>();
        if (settings.useCitizenlab() && wh.tableExists(CitizenLabTable.LIVE.name())) {
            // cc is FixedString(32) on ClickHouse, NUL-padded, and ClickHouse 18.16 neither compares it with a
            // shorter literal nor applies LIKE to it: the few GRP rows come back and cc is checked here, trimmed.
            wh.forEachRow("SELECT DISTINCT domain, cc FROM citizenlab WHERE category_code = 'GRP'",
                    r -> {
                        if (trimNul(r.get(1)).equals("ZZ")) {
                            domains.add(r.get(0));
                        }
                    });
        }
        domains.addAll(settings.domains());
        Set<String> usable = new TreeSet<>();
        for (String d : domains) {
            if (HOST.matcher(d).matches()) {
                usable.add(d.toLowerCase(Locale.ROOT));
            } else {
                log.warn("detector: watch list entry is not a host name, skipped: " + d);
            }
        }
        return usable;
    }

    static String trimNul(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code 'a', 'b'}: the literals of an {@code IN (...)} list (host names only, see {@link #load}). */
    static String inList(Set<String> domains) {
        return String.join(", ", domains.stream().map(d -> "'" + d + "'").toList());
    }

    static boolean isHost(String s) {
        return HOST.matcher(s).matches();
    }

    static List<String> sorted(Set<String> s) {
        return List.copyOf(new TreeSet<>(s));
    }
}
