package org.ooni.analysis.job;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.ooni.analysis.store.SwapPair;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * One run's replacement of one or more live tables, as every updater does it: each live table gets a staging table
 * of this run's own ({@code <live>_stg_<run id>}), filled and checked, then all of them are swapped into their live
 * tables in one step and dropped (after the swap they hold the old rows). Only tables this object staged and loaded
 * are ever swapped. Staging tables of other runs of the job are leftovers of dead runs (the run holds the job's
 * lease, so no other run of it is alive) and are dropped when this run stages the same table. The debug pauses of
 * {@code [debug]} sit after the load and before the swap.
 */
public final class StagedLoad {
    private static final String INFIX = "_stg_";
    /** A run id as {@link JobContext#newRunId()} makes it: what ends every staging table's name. */
    private static final Pattern STAGING = Pattern.compile(".+" + INFIX + "[0-9a-f]{12}");

    private final JobContext ctx;
    private final String job;
    private final DebugPauses pauses;
    private final Map<String, TableSchema> loaded = new LinkedHashMap<>();

    public StagedLoad(JobContext ctx, String job) {
        this.ctx = ctx;
        this.job = job;
        this.pauses = ctx.config().section("debug", DebugPauses.class);
    }

    /** The name of this run's staging table for {@code live}. */
    public String stagingOf(TableSchema live) {
        return live.name() + INFIX + ctx.runId();
    }

    /**
     * Drops the leftovers of dead runs for {@code live}, creates this run's staging table empty and inserts the rows,
     * each turned into store values by {@code toRow}.
     *
     * @return the rows written
     */
    public <T> long load(TableSchema live, Iterator<T> rows, Function<T, Object[]> toRow) {
        return load(live, staging -> ctx.warehouse().insertRows(staging, Rows.map(rows, toRow)));
    }

    /**
     * The same for a staging table that {@code fill} fills in several inserts (the detector copies the live rows it
     * keeps, then adds its own): drops the leftovers of dead runs, creates this run's staging table empty and hands
     * it to {@code fill}.
     *
     * @return what {@code fill} returns, the rows it wrote
     */
    public long load(TableSchema live, ToLongFunction<TableSchema> fill) {
        Warehouse wh = ctx.warehouse();
        dropLeftovers(wh, live);
        TableSchema staging = live.named(stagingOf(live));
        wh.recreateTable(staging);
        long written = fill.applyAsLong(staging);
        loaded.put(live.name(), staging);
        DebugPauses.pause(ctx.log(), job, "after loading " + staging.name(), pauses.pauseAfterLoadSeconds());
        return written;
    }

    /** How the loaded copy of {@code live} differs from it (the live table is created empty when missing). */
    public TableDiff diff(TableSchema live) {
        Warehouse wh = ctx.warehouse();
        String staging = requireLoaded(live);
        wh.createTableIfMissing(live);
        List<String> columns = live.columnNames();
        return new TableDiff(wh.countRowsMissingFrom(staging, live.name(), columns),
                wh.countRowsMissingFrom(live.name(), staging, columns), wh.countRows(live.name()));
    }

    /**
     * Swaps every loaded table into its live table in one step, after checking that this run still holds its lease,
     * then drops the staging tables, which now hold the old rows.
     */
    public void swap() {
        Warehouse wh = ctx.warehouse();
        DebugPauses.pause(ctx.log(), job, "before the swap", pauses.pauseBeforeSwapSeconds());
        ctx.confirmLease().run();
        List<SwapPair> pairs = new ArrayList<>();
        loaded.forEach((live, staging) -> pairs.add(new SwapPair(staging.name(), live)));
        wh.swap(pairs);
        for (SwapPair pair : pairs) {
            wh.dropTableIfExists(pair.staging());
        }
        loaded.clear();
    }

    /** Whether {@code table} is a run's staging table by its name ({@code <live>_stg_<run id>}), not data. */
    public static boolean isStaging(String table) {
        return STAGING.matcher(table).matches();
    }

    /** Drops this run's staging tables without swapping (the run found there is nothing to change). */
    public void discard() {
        Warehouse wh = ctx.warehouse();
        loaded.values().forEach(t -> wh.dropTableIfExists(t.name()));
        loaded.clear();
    }

    private String requireLoaded(TableSchema live) {
        TableSchema staging = loaded.get(live.name());
        if (staging == null) {
            throw new IllegalStateException(live.name() + " was not loaded by this run");
        }
        return staging.name();
    }

    private void dropLeftovers(Warehouse wh, TableSchema live) {
        String prefix = live.name() + INFIX;
        for (String table : wh.listTables()) {
            if (table.startsWith(prefix) && !table.equals(stagingOf(live))) {
                wh.dropTableIfExists(table);
                ctx.log().info(job + ": dropped " + table + ", left by a run that is no longer alive");
            }
        }
    }
}
