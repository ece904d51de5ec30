package org.ooni.analysis.detector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** English country names by ISO 3166-1 alpha-2 code, from the table bundled in the jar ({@code iso3166.tsv}). */
public final class CountryNames {
    private final Map<String, String> names;

    private CountryNames(Map<String, String> names) {
        this.names = names;
    }

    public static CountryNames bundled() {
        Map<String, String> names = new HashMap<>();
        try (InputStream in = CountryNames.class.getResourceAsStream("iso3166.tsv")) {
            if (in == null) {
                throw new IllegalStateException("iso3166.tsv missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int tab = line.indexOf('\t');
                if (!line.startsWith("#") && tab > 0) {
                    names.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CountryNames(names);
    }

    /** The name of {@code cc}, or the code itself when it is not in the table. */
    public String name(String cc) {
        return names.getOrDefault(cc, cc);
    }

    public int size() {
        return names.size();
    }
}
