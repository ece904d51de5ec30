package org.ooni.analysis.citizenlab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.job.Log;

/**
 * Picks the list files of a tree: top-level {@code lists/*.csv} in sorted order, global and two-letter names only.
 * Symbolic links are reported, one WARN line each, and never read.
 */
final class ListFiles {
    private ListFiles() {
    }

    static List<ListFile> select(TestListTree tree, Log log) {
        List<String> names = tree.listFiles();
        for (String link : tree.symlinks()) {
            // The log line escapes the name: a newline or an ANSI escape in it cannot forge or colour a line.
            log.warn("citizenlab: lists/" + link + " is a symbolic link, not followed: its rows are not loaded");
        }
        if (names.isEmpty() && !tree.symlinks().isEmpty()) {
            throw new InvalidInput("lists/", 0, 0, "lists/ holds only symbolic links (" + tree.symlinks().size()
                    + "), which are not followed");
        }
        if (names.isEmpty()) {
            throw new InvalidInput("lists/", 0, 0, "the source has no lists/ folder or it is empty");
        }
        List<ListFile> selected = new ArrayList<>();
        int csvs = 0;
        for (String name : names) {
            if (!name.endsWith(".csv")) {
                continue;
            }
            csvs++;
            Optional<String> cc = ListFile.ccOf(name);
            if (cc.isPresent()) {
                selected.add(new ListFile(name, cc.get()));
            } else {
                log.info("skipping lists/" + name + " (not a country or global list)");
            }
        }
        if (selected.isEmpty()) {
            throw new InvalidInput("lists/", 0, 0, "no country or global list files (found " + csvs + " csv files)");
        }
        return selected;
    }
}
