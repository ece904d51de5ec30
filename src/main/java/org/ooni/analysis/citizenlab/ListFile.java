package org.ooni.analysis.citizenlab;

import java.util.Optional;

/** A {@code lists/*.csv} file name and the country code it gives ({@code global.csv} is {@code ZZ}). */
public record ListFile(String name, String cc) {
    /** The country code a list file name maps to, or empty when the file is not a country or global list. */
    public static Optional<String> ccOf(String fileName) {
        if (!fileName.endsWith(".csv")) {
            return Optional.empty();
        }
        String stem = fileName.substring(0, fileName.length() - 4);
        if (stem.equals("global")) {
            return Optional.of("ZZ");
        }
        if (stem.length() == 2 && Character.isLetter(stem.charAt(0)) && Character.isLetter(stem.charAt(1))
                && stem.chars().allMatch(c -> c < 128)) {
            return Optional.of(stem);
        }
        return Optional.empty();
    }
}
