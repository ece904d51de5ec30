package org.ooni.analysis.job;

import java.util.Iterator;
import java.util.function.Function;

/** Turns a job's records into store rows one at a time, as the store pulls them (nothing is held). */
public final class Rows {
    private Rows() {
    }

    public static <T> Iterator<Object[]> map(Iterator<T> records, Function<T, Object[]> toRow) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Object[] next() {
                return toRow.apply(records.next());
            }
        };
    }
}
