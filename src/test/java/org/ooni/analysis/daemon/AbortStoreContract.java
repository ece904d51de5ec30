package org.ooni.analysis.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.citizenlab.CitizenLabSettings;
import org.ooni.analysis.citizenlab.CitizenLabTable;
import org.ooni.analysis.citizenlab.CitizenLabUpdater;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.SwapPair;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * An aborted run on one back end: the interrupt is noticed inside a bulk insert or a real job's wait, the staging
 * table is dropped, the live table keeps its rows, and the failure names the abort.
 */
abstract class AbortStoreContract {
    /** A fixed-name staging table for the test jobs below (the updaters stage per-run copies). */
    private static final org.ooni.analysis.store.TableSchema STAGING = CitizenLabTable.LIVE.named("citizenlab_flip");

    static final String REASON = "aborted by SIGTERM after the 1 s grace period";

    @TempDir
    Path tmp;
    Warehouse store;

    abstract String dbUrl();

    @BeforeEach
    void open() {
        store = Warehouses.open(StoreUrl.parse(dbUrl()), false);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        Thread.interrupted(); // never leave the test thread interrupted
    }

    private JobContext context(Log log) {
        return new JobContext(() -> store, Metrics.inMemory(), log, Clock.systemUTC(), AnalysisConfig.defaults(),
                false, true);
    }

    private List<String> liveRows() {
        List<String> rows = new ArrayList<>();
        store.forEachRow("SELECT url, cc FROM citizenlab ORDER BY url, cc", r -> rows.add(r.get(0) + " " + r.get(1)));
        return rows;
    }

    /** Loads a small live table with the real job: only the global list of the shipped example tree. */
    private List<String> loadSmallLiveTable() throws Exception {
        Path lists = Files.createDirectories(tmp.resolve("small/lists"));
        Path example = Path.of("examples/test-lists/lists");
        for (String f : List.of("00-LEGEND-new_category_codes.csv", "global.csv")) {
            Files.copy(example.resolve(f), lists.resolve(f));
        }
        CitizenLabSettings small = new CitizenLabSettings(tmp.resolve("small").toString(), false, 10L, null, null,
                null, null);
        assertEquals(Outcome.UPDATED, new CitizenLabUpdater(small).run(context(Log.silent())).outcome());
        List<String> rows = liveRows();
        assertTrue(rows.size() > 10 && rows.stream().allMatch(r -> r.endsWith(" ZZ")), rows.toString());
        return rows;
    }

    @Test
    void anInterruptDuringABulkInsertAbortsTheRunAndDropsItsStagingTable() throws Exception {
        List<String> live = loadSmallLiveTable();
        AbortSignal abort = new AbortSignal();
        Job endless = new Job() {
            @Override
            public String name() {
                return "endless";
            }

            @Override
            public JobResult run(JobContext ctx) {
                Warehouse wh = ctx.warehouse();
                // the store may read the rows on a thread of its own (DuckDB does): the abort interrupts this one
                Thread jobThread = Thread.currentThread();
                wh.recreateTable(STAGING);
                wh.insertRows(STAGING, new Iterator<>() {
                    long n;

                    @Override
                    public boolean hasNext() {
                        return true; // an endless source: only the interrupt can end this load
                    }

                    @Override
                    public Object[] next() {
                        if (++n == 20_000) {
                            abort.abort(REASON);
                            jobThread.interrupt(); // what the scheduler does after the grace period
                        }
                        return new Object[] {"https://example.org/" + n, "example.org", "NEWS", "ZZ"};
                    }
                });
                wh.swap(List.of(new SwapPair(STAGING.name(), CitizenLabTable.LIVE.name())));
                return new JobResult(name(), Outcome.UPDATED, 0, "", List.of());
            }
        };
        LineWatch out = new LineWatch("dropped staging table");
        Log log = new Log(new PrintStream(out, true, StandardCharsets.UTF_8), false, false, Clock.systemUTC());
        JobAborted e = assertThrows(JobAborted.class, () -> new AbortableJob(endless, abort).run(context(log)));
        assertFalse(Thread.interrupted(), "the interrupt is cleared so the run can still be recorded");
        assertTrue(e.getMessage().startsWith(REASON + " ("), e.getMessage());
        assertTrue(e.getMessage().contains("insert into citizenlab_flip interrupted after "), e.getMessage());
        assertEquals("shutdown", e.kind());
        assertFalse(store.tableExists("citizenlab_flip"), "staging table dropped");
        assertEquals(live, liveRows(), "live table untouched");
        assertTrue(out.text().contains("INFO endless: aborted, dropped staging table citizenlab_flip"), out.text());
    }

    private List<String> stagingTables() {
        return store.listTables().stream().filter(t -> t.startsWith("citizenlab_stg_")).toList();
    }

    @Test
    void aRealJobAbortedBeforeItsSwapLeavesTheLiveTableAsItWas() throws Exception {
        List<String> live = loadSmallLiveTable();
        CitizenLabSettings full = new CitizenLabSettings(Path.of("examples/test-lists").toAbsolutePath().toString(),
                false, 10L, null, null, null, 60);
        AbortSignal abort = new AbortSignal();
        LineWatch out = new LineWatch("pausing 60 s before the swap");
        Log log = new Log(new PrintStream(out, true, StandardCharsets.UTF_8), false, false, Clock.systemUTC());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                new AbortableJob(new CitizenLabUpdater(full), abort).run(context(log));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        run.start();
        assertTrue(out.await(), out.text());
        assertEquals(1, stagingTables().size(), "the run loaded its staging table");
        abort.abort(REASON);
        run.interrupt();
        run.join(60_000);
        assertFalse(run.isAlive());
        JobAborted e = assertInstanceOf(JobAborted.class, failure.get());
        assertEquals(REASON + " (interrupted before the swap)", e.getMessage());
        assertEquals(List.of(), stagingTables());
        assertEquals(live, liveRows());
    }

    @Test
    void aFailureWithoutAnAbortIsTheJobsOwnAndKeepsItsStagingTable() throws Exception {
        SanityCheckFailed own = new SanityCheckFailed("row count", "more than 10", 1);
        Job failing = new Job() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public JobResult run(JobContext ctx) {
                ctx.warehouse().recreateTable(STAGING);
                throw own;
            }
        };
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new AbortableJob(failing, new AbortSignal()).run(context(Log.silent())));
        assertSame(own, e);
        assertTrue(store.tableExists("citizenlab_flip"), "an ordinary failure is left as the CLI leaves it");
    }
}
