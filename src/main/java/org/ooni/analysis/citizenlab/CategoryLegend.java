package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.ooni.analysis.csv.CsvReader;
import org.ooni.analysis.csv.CsvRecord;
import org.ooni.analysis.error.InvalidInput;

/** The category codes the test-list repository itself declares, in {@code lists/00-LEGEND-new_category_codes.csv}. */
public final class CategoryLegend {
    public static final String FILE_NAME = "00-LEGEND-new_category_codes.csv";
    private static final String CODE_COLUMN = "New Code";

    private CategoryLegend() {
    }

    /** The declared codes, or empty when the repository ships no legend (the check is then skipped). */
    public static Optional<Set<String>> read(TestListTree tree) {
        if (!tree.listFiles().contains(FILE_NAME)) {
            return Optional.empty();
        }
        String name = "lists/" + FILE_NAME;
        try (InputStream in = tree.open(FILE_NAME); CsvReader reader = new CsvReader(in, name)) {
            CsvRecord header = reader.next();
            int column = header == null ? -1 : java.util.Arrays.asList(header.fields()).indexOf(CODE_COLUMN);
            if (column < 0) {
                throw new InvalidInput(name, 1, 1, "legend has no '" + CODE_COLUMN + "' column");
            }
            Set<String> codes = new HashSet<>();
            for (CsvRecord r = reader.next(); r != null; r = reader.next()) {
                if (column < r.size() && !r.get(column).isBlank()) {
                    codes.add(r.get(column).trim());
                }
            }
            return Optional.of(Set.copyOf(codes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
