package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.ooni.analysis.store.Warehouse;

/** Reads and renders the CUSUM states kept in {@code event_detector_cusums}. */
public final class CusumStore {
    private CusumStore() {
    }

    /**
     * The stored states and the point the last run stopped at. That point is a column of every state row, so it
     * changes in the same swap as the states; the {@code analysis_state} key only serves runs that left no state.
     */
    public static CusumStates load(Warehouse wh) {
        Map<SeriesSignal, CusumState> states = new HashMap<>();
        Instant[] until = {null};
        if (wh.tableExists(DetectorTables.CUSUMS.name())) {
            wh.forEachRow("SELECT " + String.join(", ", DetectorTables.CUSUMS.columnNames()) + " FROM "
                    + DetectorTables.CUSUMS.name(), r -> {
                        Signal signal = Signal.ofLabel(r.get(3));
                        if (signal == null) {
                            return;
                        }
                        SeriesKey key = new SeriesKey(r.get(0), Long.parseLong(r.get(1)), r.get(2));
                        states.put(new SeriesSignal(key, signal), new CusumState(Phase.ofLabel(r.get(4)),
                                Double.longBitsToDouble(Long.parseLong(r.get(10))),
                                Double.longBitsToDouble(Long.parseLong(r.get(11))),
                                Integer.parseInt(r.get(7)), TextValues.epochSeconds(r.get(8))));
                        until[0] = TextValues.instant(r.get(9));
                    });
        }
        if (until[0] == null) {
            Optional<String> key = wh.readState(DetectorTables.CUSUM_RESUME_KEY);
            if (key.isPresent() && !key.get().isBlank()) {
                until[0] = Instant.parse(key.get());
            }
        }
        return new CusumStates(states, until[0]);
    }

    /**
     * The rows to store after a run that stopped at {@code until}. States older than the expiry are dropped: the
     * step would restart them on their next cell anyway, so dropping them changes no result.
     */
    static Iterator<Object[]> rows(CusumStates states, Instant until, double expiryDays) {
        long oldest = until.getEpochSecond() - (long) (expiryDays * 86400);
        return states.all().entrySet().stream()
                .filter(e -> e.getValue().lastTs() != CusumState.NO_TIME && e.getValue().lastTs() >= oldest)
                .map(e -> {
                    SeriesKey k = e.getKey().series();
                    CusumState s = e.getValue();
                    return new Object[] {k.cc(), k.asn(), k.domain(), e.getKey().signal().label(), s.phase().label(),
                        s.sPos(), s.sNeg(), (long) s.lastChange(), Instant.ofEpochSecond(s.lastTs()), until,
                        Double.doubleToRawLongBits(s.sPos()), Double.doubleToRawLongBits(s.sNeg())};
                }).iterator();
    }
}
