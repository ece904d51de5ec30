package org.ooni.analysis.detector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.job.Rows;
import org.ooni.analysis.job.StagedLoad;
import org.ooni.analysis.store.Warehouse;

/**
 * {@code generate measurements}: writes synthetic rows into {@code analysis_web_measurement} (and, with
 * {@code fastpath}, one {@code fastpath} row per measurement whose {@code blocking_general} is the largest of the
 * three scores) and the injected episodes as a CSV ground-truth file.
 */
public final class GenerateMeasurementsJob implements Job {
    private final GeneratorSpec spec;
    private final Path truthFile;
    private final boolean replace;
    private final boolean fastpath;

    public GenerateMeasurementsJob(GeneratorSpec spec, Path truthFile, boolean replace, boolean fastpath) {
        this.spec = spec;
        this.truthFile = truthFile;
        this.replace = replace;
        this.fastpath = fastpath;
    }

    @Override
    public String name() {
        return "generate-measurements";
    }

    @Override
    public JobResult run(JobContext ctx) {
        MeasurementGenerator gen = new MeasurementGenerator(spec);
        long rows;
        long start = System.nanoTime();
        if (ctx.dryRun()) {
            long n = 0;
            while (gen.hasNext()) {
                gen.next();
                n++;
            }
            rows = n;
        } else {
            rows = replace ? replace(ctx, gen) : append(ctx.warehouse(), gen);
        }
        if (truthFile != null) {
            writeTruth(truthFile, gen.episodes());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        ctx.log().info("generate: " + rows + " rows for " + spec.series() + " series, " + gen.episodes().size()
                + " episodes, in " + ms + " ms");
        List<String> summary = new ArrayList<>();
        summary.add("generate measurements: " + (ctx.dryRun() ? "dry-run" : "updated") + " " + spec.from() + " .. "
                + spec.to());
        summary.add("  rows:      " + rows + (ctx.dryRun() ? " (dry run, not written)" : ""));
        summary.add("  series:    " + spec.series() + " (" + spec.countries().size() + " countries x "
                + spec.asnsPerCountry() + " networks x " + spec.domains().size() + " domains)");
        summary.add("  episodes:  " + gen.episodes().size() + (truthFile == null ? "" : " (ground truth in " + truthFile + ")"));
        return new JobResult(name(), ctx.dryRun() ? Outcome.DRY_RUN : Outcome.UPDATED, rows, "seed " + spec.seed(),
                summary);
    }

    /**
     * {@code --replace}: the new rows go into this run's staging tables and replace the live ones in one swap, so a
     * reader sees the old measurements or the new ones, never a table being refilled.
     */
    private long replace(JobContext ctx, MeasurementGenerator gen) {
        StagedLoad load = new StagedLoad(ctx, name());
        if (fastpath) {
            // the generator is deterministic: a second pass gives the same rows without holding them
            load.load(DetectorTables.FASTPATH, new MeasurementGenerator(spec), GenerateMeasurementsJob::fastpathRow);
        }
        long rows = load.load(DetectorTables.MEASUREMENTS, gen, SyntheticRow::toRow);
        String staged = load.stagingOf(DetectorTables.MEASUREMENTS);
        load.swap();
        ctx.log().info("generate: swapped " + staged + " into " + DetectorTables.MEASUREMENTS.name()
                + (fastpath ? " (and its fastpath twin into " + DetectorTables.FASTPATH.name() + ")" : ""));
        return rows;
    }

    /** Without {@code --replace}: the rows are added to the live tables. */
    private long append(Warehouse wh, MeasurementGenerator gen) {
        wh.createTableIfMissing(DetectorTables.MEASUREMENTS);
        if (fastpath) {
            wh.createTableIfMissing(DetectorTables.FASTPATH);
            wh.insertRows(DetectorTables.FASTPATH, Rows.map(new MeasurementGenerator(spec),
                    GenerateMeasurementsJob::fastpathRow));
        }
        return wh.insertRows(DetectorTables.MEASUREMENTS, Rows.map(gen, SyntheticRow::toRow));
    }

    private static Object[] fastpathRow(SyntheticRow r) {
        return new Object[] {r.uid(), Instant.ofEpochSecond(r.epochSeconds()), r.cc(), r.asn(), "web_connectivity",
            r.domain(), Math.max(r.dns(), Math.max(r.tcp(), r.tls()))};
    }

    /** Writes the ground truth atomically (temporary file, then rename). */
    static void writeTruth(Path file, List<Episode> episodes) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(Episode.CSV_HEADER + "\n");
                for (Episode e : episodes) {
                    w.write(e.toCsv() + "\n");
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground truth " + file, e);
        }
    }

    /** Reads a ground-truth file written by {@link #writeTruth}. */
    public static List<Episode> readTruth(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().skip(1).filter(l -> !l.isBlank())
                    .map(Episode::fromCsv).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ground truth " + file, e);
        }
    }
}
