package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.job.Log;

/** Picks the list files of a tree: top-level {@code lists/*.csv} in sorted order, global and two-letter names only. */
final class ListFiles {
    private ListFiles() {
    }

    static List<ListFile> select(Path listsDir, Log log) {
        if (!Files.isDirectory(listsDir)) {
            throw new InvalidInput("lists/", 0, 0, "the source has no lists/ folder");
        }
        List<Path> csvs;
        try (Stream<Path> entries = Files.list(listsDir)) {
            csvs = entries.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new SourceUnavailable(listsDir.toString(), "cannot list: " + e.getMessage(), e);
        }
        List<ListFile> selected = new ArrayList<>();
        for (Path p : csvs) {
            String name = p.getFileName().toString();
            Optional<String> cc = ListFile.ccOf(name);
            if (cc.isPresent()) {
                selected.add(new ListFile(p, cc.get()));
            } else {
                log.info("skipping lists/" + name + " (not a country or global list)");
            }
        }
        if (selected.isEmpty()) {
            throw new InvalidInput("lists/", 0, 0, "no country or global list files (found " + csvs.size() + " csv files)");
        }
        return selected;
    }
}
