package org.ooni.analysis.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs waiting to go into {@code job_runs} of a DuckDB file that another process holds: a run skipped because
 * another run of its job is going cannot open the file, so it appends its row here ({@code <db>.pending-runs}, one
 * tab-separated line, under an OS file lock) and the next run that holds the file moves the rows into
 * {@code job_runs}.
 */
public final class PendingRuns {
    private final Path file;

    public PendingRuns(Path database) {
        Path db = database.toAbsolutePath().normalize();
        this.file = db.resolveSibling(db.getFileName() + ".pending-runs");
    }

    public Path file() {
        return file;
    }

    public void append(JobRun run) {
        String line = String.join("\t", field(run.job()), field(run.runId()), Long.toString(run.started()
                .getEpochSecond()), Long.toString(run.finished().getEpochSecond()), Long.toString(run.duration()
                .toMillis()), run.outcome().name(), Long.toString(run.rows()), field(run.sourceVersion()),
                field(run.error())) + "\n";
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), ch.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Takes every pending run out of the file (which is then emptied), oldest first. */
    public List<JobRun> drain() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JobRun> runs = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 16 << 20));
            while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
                // read it all
            }
            for (String line : new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", -1);
                if (f.length == 9) {
                    runs.add(new JobRun(f[0], f[1], Instant.ofEpochSecond(Long.parseLong(f[2])),
                            Instant.ofEpochSecond(Long.parseLong(f[3])), Duration.ofMillis(Long.parseLong(f[4])),
                            RunOutcome.valueOf(f[5]), Long.parseLong(f[6]), f[7], f[8]));
                }
            }
            ch.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return runs;
    }

    private static String field(String value) {
        return value.replace('\t', ' ').replace('\n', ' ');
    }
}
