package org.ooni.analysis.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * Run leases kept in the store itself, for ClickHouse, which has no transactions and no locks a client can hold.
 *
 * <p>The one atomic step is {@code CREATE TABLE} without {@code IF NOT EXISTS}: of several runs creating one name,
 * exactly one succeeds. A job's lease is a sequence of generations, each a marker table
 * {@code job_lease_<job>_<n>}; the highest existing generation is the current lease. To take it a run writes a
 * {@code claim} row into {@code job_leases}, creates marker {@code n+1}, checks that no higher marker exists, and
 * writes a {@code held} row; it then writes a {@code beat} row every quarter of the expiry and a {@code released}
 * row at the end. Generation {@code n} is live unless it has a {@code released} row or its holder is dead: on the
 * reader's host, its pid is gone; on another host, its last row is older than the expiry. A dead generation is
 * taken over by creating the next one, with no manual step. Old markers are dropped by the next holder.
 */
public final class TableLeases implements RunLeases {
    static final String TABLE = "job_leases";
    static final TableSchema SCHEMA = new TableSchema(TABLE, List.of(
            new Column("job", ColumnType.STRING),
            new Column("generation", ColumnType.INT64),
            new Column("run_id", ColumnType.STRING),
            new Column("host", ColumnType.STRING),
            new Column("pid", ColumnType.INT64),
            new Column("started", ColumnType.DATETIME),
            new Column("written", ColumnType.DATETIME),
            new Column("state", ColumnType.STRING)),
            List.of("job", "generation"), Engine.MERGE_TREE);
    private static final TableSchema MARKER = new TableSchema("job_lease_marker",
            List.of(new Column("generation", ColumnType.INT64)), List.of(), Engine.MERGE_TREE);
    private static final int ATTEMPTS = 5;
    private static final int HELD_ROW_WAITS = 10;
    private static final long HELD_ROW_WAIT_MILLIS = 50;

    private final Warehouse store;
    private final String localHost;
    private final Duration expiry;
    private final Clock clock;
    private final Log log;
    private final boolean heartbeat;

    /**
     * {@code heartbeat}: whether held leases write {@code beat} rows from a background thread (the store must then
     * take calls from two threads, as the ClickHouse client does).
     */
    public TableLeases(Warehouse store, String localHost, Duration expiry, Clock clock, Log log, boolean heartbeat) {
        this.store = store;
        this.localHost = localHost;
        this.expiry = expiry;
        this.clock = clock;
        this.log = log;
        this.heartbeat = heartbeat;
    }

    @Override
    public Claim tryAcquire(LeaseOwner me) {
        store.createTableIfMissing(SCHEMA);
        String job = me.job();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long current = highestGeneration(job);
            Optional<LeaseOwner> dead = Optional.empty();
            if (current > 0) {
                Optional<LeaseOwner> holder = liveHolder(job, current, me);
                if (holder.isPresent()) {
                    return new Busy(holder.get());
                }
                dead = deadHolder(job, current);
            }
            long next = current + 1;
            write(me, next, "claim");
            if (store.createTableExclusive(MARKER.named(markerName(job, next))) && highestGeneration(job) == next) {
                write(me, next, "held");
                dead.ifPresent(d -> log.info(job + ": took the lease over from " + d.describe()
                        + ", which is no longer alive"));
                dropOldMarkers(job, next);
                return new Held(new TableLease(me, next));
            }
            // another run created that generation (or a later one) first: look again at who holds it
        }
        long current = highestGeneration(job);
        return new Busy(liveHolder(job, current, me).orElse(new LeaseOwner(job, "(unknown)", "(unknown)", 0,
                clock.instant())));
    }

    /** The highest generation whose marker exists, 0 when none does. */
    long highestGeneration(String job) {
        String prefix = markerPrefix(job);
        long highest = 0;
        for (String table : store.listTables()) {
            if (table.startsWith(prefix)) {
                String rest = table.substring(prefix.length());
                if (!rest.isEmpty() && rest.chars().allMatch(Character::isDigit) && rest.length() < 18) {
                    highest = Math.max(highest, Long.parseLong(rest));
                }
            }
        }
        return highest;
    }

    /** The live holder of generation {@code n}, empty when it was released or its holder is dead. */
    Optional<LeaseOwner> liveHolder(String job, long n, LeaseOwner me) {
        List<Row> rows = rows(job, n);
        // The marker's creator writes "held" right after creating it: give it a moment, so that the holder named is
        // the winner rather than one of the runs that claimed the same generation and lost.
        for (int wait = 0; wait < HELD_ROW_WAITS && rows.stream().noneMatch(r -> !r.state.equals("claim")); wait++) {
            sleep(HELD_ROW_WAIT_MILLIS);
            rows = rows(job, n);
        }
        if (rows.stream().anyMatch(r -> r.state.equals("released"))) {
            return Optional.empty();
        }
        Optional<Row> held = rows.stream().filter(r -> r.state.equals("held")).findFirst();
        Instant now = clock.instant();
        if (held.isPresent()) {
            LeaseOwner holder = held.get().owner;
            if (holder.runId().equals(me.runId())) {
                return Optional.empty();
            }
            if (holder.host().equals(localHost)) {
                return holder.processAlive() ? Optional.of(holder) : Optional.empty();
            }
            Instant last = rows.stream().filter(r -> r.owner.runId().equals(holder.runId())).map(r -> r.at)
                    .max(Comparator.naturalOrder()).orElseThrow();
            return fresh(last, now) ? Optional.of(holder) : Optional.empty();
        }
        // The marker exists but its creator has not written "held" yet, or was killed in between: the newest claim
        // stands for it until the expiry (a pid is no proof here: the claimants that lost are alive and waiting).
        return rows.stream().filter(r -> !r.owner.runId().equals(me.runId())).max(Comparator.comparing(r -> r.at))
                .filter(r -> fresh(r.at, now)).map(r -> r.owner);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreError("interrupted while reading a lease", e);
        }
    }

    /** The holder of generation {@code n} when it never released it (called once it is known not to be live). */
    private Optional<LeaseOwner> deadHolder(String job, long n) {
        List<Row> rows = rows(job, n);
        if (rows.stream().anyMatch(r -> r.state.equals("released"))) {
            return Optional.empty();
        }
        return rows.stream().filter(r -> r.state.equals("held")).map(r -> r.owner).findFirst()
                .or(() -> rows.stream().max(Comparator.comparing(r -> r.at)).map(r -> r.owner));
    }

    private boolean fresh(Instant at, Instant now) {
        return Duration.between(at, now).compareTo(expiry) < 0;
    }

    private record Row(LeaseOwner owner, Instant at, String state) {
    }

    private List<Row> rows(String job, long n) {
        List<Row> rows = new ArrayList<>();
        store.forEachRow("SELECT run_id, host, pid, started, written, state FROM " + TABLE
                + " WHERE job = ? AND generation = ?", List.of(job, n), r -> rows.add(new Row(
                new LeaseOwner(job, r.get(0), r.get(1), Long.parseLong(r.get(2)), time(r.get(3))), time(r.get(4)),
                r.get(5))));
        return rows;
    }

    private static Instant time(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    private void write(LeaseOwner me, long n, String state) {
        store.insertRows(SCHEMA, List.<Object[]>of(new Object[] {me.job(), n, me.runId(), me.host(), me.pid(),
            me.started(), clock.instant(), state}).iterator());
    }

    private void dropOldMarkers(String job, long keep) {
        String prefix = markerPrefix(job);
        for (String table : store.listTables()) {
            if (table.startsWith(prefix) && !table.equals(markerName(job, keep))) {
                String rest = table.substring(prefix.length());
                if (rest.chars().allMatch(Character::isDigit) && !rest.isEmpty() && Long.parseLong(rest) < keep) {
                    store.dropTableIfExists(table);
                }
            }
        }
    }

    static String markerPrefix(String job) {
        return "job_lease_" + job.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_";
    }

    static String markerName(String job, long n) {
        return markerPrefix(job) + n;
    }

    /** A generation this run created: beats while the run goes on, released at the end. */
    private final class TableLease implements Lease {
        private final LeaseOwner owner;
        private final long generation;
        private final ScheduledExecutorService beats;
        private volatile Instant lastBeat;
        private volatile String lost;

        TableLease(LeaseOwner owner, long generation) {
            this.owner = owner;
            this.generation = generation;
            this.lastBeat = clock.instant();
            if (heartbeat) {
                beats = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "lease-heartbeat");
                    t.setDaemon(true);
                    return t;
                });
                long every = Math.max(250, expiry.toMillis() / 4);
                beats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
            } else {
                beats = null;
            }
        }

        private void beat() {
            try {
                long highest = highestGeneration(owner.job());
                if (highest != generation) {
                    lost = "generation " + highest + " replaced this run's " + generation;
                    return;
                }
                write(owner, generation, "beat");
                lastBeat = clock.instant();
            } catch (RuntimeException e) {
                log.warn(owner.job() + ": lease heartbeat failed: " + e.getMessage());
            }
        }

        @Override
        public LeaseOwner owner() {
            return owner;
        }

        @Override
        public void confirmHeld() {
            long highest = highestGeneration(owner.job());
            if (highest != generation) {
                lost = "generation " + highest + " replaced this run's " + generation;
            } else if (heartbeat && !fresh(lastBeat, clock.instant())) {
                lost = "no heartbeat written since " + lastBeat;
            }
            if (lost != null) {
                throw new StoreError(owner.job() + ": this run (" + owner.runId() + ") lost its lease (" + lost
                        + "); not swapping");
            }
        }

        @Override
        public void close() {
            if (beats != null) {
                beats.shutdownNow();
                try {
                    beats.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                write(owner, generation, "released");
            } catch (RuntimeException e) {
                log.warn(owner.job() + ": lease not released (it expires by itself): " + e.getMessage());
            }
        }
    }
}
