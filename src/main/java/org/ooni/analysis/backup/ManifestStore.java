package org.ooni.analysis.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ooni.analysis.error.InvalidInput;

/** Reads and writes manifests in a destination; run ids sort by time, so the newest is the largest. */
final class ManifestStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ObjectStore objects;

    ManifestStore(ObjectStore objects) {
        this.objects = objects;
    }

    /** A run found in the bucket: its manifest key and whether it finished. */
    record RunRef(String table, String runId, String key, boolean complete, long size) {
    }

    void write(Manifest m) {
        String key = m.complete() ? ChunkKeys.manifest(m.table(), m.runId()) : ChunkKeys.progress(m.table(), m.runId());
        objects.put(key, bytes(m), "application/json");
    }

    static byte[] bytes(Manifest m) {
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException("manifest is always serialisable", e);
        }
    }

    Manifest read(String key) {
        try (InputStream in = objects.get(key)) {
            return JSON.readValue(in, Manifest.class);
        } catch (IOException e) {
            throw new InvalidInput(objects.describe() + key, 0, 0, "not a readable manifest: " + e.getMessage());
        }
    }

    /** Runs of every table (or one), newest first within a table. */
    List<RunRef> runs(String table) {
        String prefix = table == null ? ChunkKeys.MANIFESTS : ChunkKeys.manifestFolder(table);
        List<RunRef> runs = new ArrayList<>();
        for (ObjectStore.ObjectInfo o : objects.list(prefix)) {
            String rest = o.key().substring(ChunkKeys.MANIFESTS.length());
            int slash = rest.indexOf('/');
            if (slash < 0 || !rest.endsWith(".json")) {
                continue;
            }
            String name = rest.substring(slash + 1);
            boolean partial = name.endsWith(".partial.json");
            String runId = name.substring(0, name.length() - (partial ? ".partial.json" : ".json").length());
            runs.add(new RunRef(rest.substring(0, slash), runId, o.key(), !partial, o.size()));
        }
        runs.sort(Comparator.comparing(RunRef::table).thenComparing(RunRef::runId, Comparator.reverseOrder()));
        return runs;
    }

    Optional<Manifest> latestComplete(String table) {
        return runs(table).stream().filter(RunRef::complete).findFirst().map(r -> read(r.key()));
    }

    /** The progress of the newest run when it never finished (newer than the last complete one). */
    Optional<Manifest> unfinished(String table) {
        List<RunRef> runs = runs(table);
        return runs.isEmpty() || runs.get(0).complete() ? Optional.empty() : Optional.of(read(runs.get(0).key()));
    }

    Optional<Manifest> run(String table, String runId) {
        return runs(table).stream().filter(r -> r.runId().equals(runId) && r.complete()).findFirst().map(r -> read(r.key()));
    }
}
