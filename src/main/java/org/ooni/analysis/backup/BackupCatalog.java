package org.ooni.analysis.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lists and prunes runs in destinations. A run is pruned (manifest deleted) when it is outside {@code --keep N}
 * newest complete runs and/or older than {@code --older-than DAYS}, unless a kept run still holds a chunk that
 * this run uploaded (an incremental run reuses unchanged chunks of older runs). Data objects are deleted only when
 * no kept manifest names them. Unfinished progress objects older than the newest complete run are pruned too.
 */
public final class BackupCatalog {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

    private BackupCatalog() {
    }

    /** One line per run: table, destination, run, state, chunks, rows, bytes. */
    public static List<String> list(Map<String, ObjectStore> destinations) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-24s %-10s %-24s %-10s %7s %12s %14s", "TABLE", "DEST", "RUN", "STATE", "CHUNKS", "ROWS", "BYTES"));
        for (Map.Entry<String, ObjectStore> d : destinations.entrySet()) {
            ManifestStore manifests = new ManifestStore(d.getValue());
            for (ManifestStore.RunRef r : manifests.runs(null)) {
                Manifest m = manifests.read(r.key());
                lines.add(String.format("%-24s %-10s %-24s %-10s %7d %12d %14d", r.table(), d.getKey(), r.runId(),
                        r.complete() ? m.mode() : "unfinished", m.chunks().size(), m.rows(), m.compressedBytes()));
            }
        }
        return lines;
    }

    /** Prunes (or, with {@code dryRun}, only says) and returns one line per decision. */
    public static List<String> prune(Map<String, ObjectStore> destinations, Integer keep, Integer olderThanDays,
                                     Instant now, boolean dryRun) {
        List<String> lines = new ArrayList<>();
        String verb = dryRun ? "would delete" : "deleted";
        for (Map.Entry<String, ObjectStore> d : destinations.entrySet()) {
            ObjectStore objects = d.getValue();
            ManifestStore manifests = new ManifestStore(objects);
            Map<String, List<ManifestStore.RunRef>> byTable = manifests.runs(null).stream()
                    .collect(Collectors.groupingBy(ManifestStore.RunRef::table));
            for (Map.Entry<String, List<ManifestStore.RunRef>> t : byTable.entrySet()) {
                List<ManifestStore.RunRef> complete = t.getValue().stream().filter(ManifestStore.RunRef::complete).toList();
                List<Manifest> kept = new ArrayList<>();
                List<Manifest> candidates = new ArrayList<>();
                for (int i = 0; i < complete.size(); i++) {
                    Manifest m = manifests.read(complete.get(i).key());
                    boolean beyondKeep = keep != null && i >= keep;
                    boolean tooOld = olderThanDays != null && age(m.runId(), now).toDays() >= olderThanDays;
                    boolean prune = keep != null && olderThanDays != null ? beyondKeep && tooOld : beyondKeep || tooOld;
                    (i > 0 && prune ? candidates : kept).add(m);
                }
                Set<String> needed = new HashSet<>();
                Set<String> keptKeys = new HashSet<>();
                Set<String> bases = new HashSet<>();
                for (Manifest m : kept) {
                    m.chunks().forEach(e -> {
                        needed.add(e.uploadedBy());
                        keptKeys.add(e.key());
                        if (e.baseBackup() != null) {
                            bases.add(e.baseBackup()); // a kept incremental native backup needs its base
                        }
                    });
                }
                for (Manifest m : candidates) {
                    if (needed.contains(m.runId())) {
                        lines.add("keep " + t.getKey() + " run " + m.runId() + " (" + d.getKey()
                                + "): a newer incremental run still uses its chunks");
                        continue;
                    }
                    if (m.chunks().stream().anyMatch(e -> bases.contains(e.key()))) {
                        lines.add("keep " + t.getKey() + " run " + m.runId() + " (" + d.getKey()
                                + "): a newer incremental native backup is on its base");
                        continue;
                    }
                    for (Manifest.Entry e : m.chunks()) {
                        if (!keptKeys.contains(e.key()) && e.uploadedBy().equals(m.runId())) {
                            if (!dryRun && e.serverBackup()) {
                                objects.list(e.key() + "/").forEach(o -> objects.delete(o.key()));
                            } else if (!dryRun) {
                                objects.delete(e.key());
                            }
                            lines.add(verb + " " + d.getKey() + ":" + e.key());
                        }
                    }
                    if (!dryRun) {
                        objects.delete(ChunkKeys.manifest(m.table(), m.runId()));
                    }
                    lines.add(verb + " " + t.getKey() + " run " + m.runId() + " (" + d.getKey() + ")");
                }
                String newest = complete.isEmpty() ? "" : complete.get(0).runId();
                for (ManifestStore.RunRef r : t.getValue()) {
                    if (!r.complete() && r.runId().compareTo(newest) < 0) {
                        if (!dryRun) {
                            objects.delete(r.key());
                        }
                        lines.add(verb + " unfinished " + t.getKey() + " run " + r.runId() + " (" + d.getKey() + ")");
                    }
                }
            }
        }
        return lines;
    }

    private static Duration age(String runId, Instant now) {
        return Duration.between(LocalDateTime.parse(runId, RUN_ID).toInstant(ZoneOffset.UTC), now);
    }
}
