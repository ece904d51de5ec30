package org.ooni.analysis.citizenlab;

import java.util.Locale;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a realistic synthetic test-list tree ({@code lists/global.csv}, two-letter country files, the category
 * legend, and the files a real tree has that the job skips). Used for the shipped example and for benchmarks;
 * deterministic for a given seed.
 */
public final class SyntheticTestLists {
    /** The category codes of the CitizenLab legend, with their descriptions. */
    public static final List<String[]> CATEGORIES = List.of(
            new String[] {"ALDR", "Alcohol & Drugs"}, new String[] {"REL", "Religion"},
            new String[] {"PORN", "Pornography"}, new String[] {"PROV", "Provocative Attire"},
            new String[] {"POLR", "Political Criticism"}, new String[] {"HUMR", "Human Rights Issues"},
            new String[] {"ENV", "Environment"}, new String[] {"MILX", "Terrorism and Militants"},
            new String[] {"HATE", "Hate Speech"}, new String[] {"NEWS", "News Media"},
            new String[] {"XED", "Sex Education"}, new String[] {"PUBH", "Public Health"},
            new String[] {"GMB", "Gambling"}, new String[] {"ANON", "Anonymization and circumvention tools"},
            new String[] {"DATE", "Online Dating"}, new String[] {"GRP", "Social Networking"},
            new String[] {"LGBT", "LGBTQ+"}, new String[] {"FILE", "File-sharing"},
            new String[] {"HACK", "Hacking Tools"}, new String[] {"COMT", "Communication Tools"},
            new String[] {"MMED", "Media sharing"}, new String[] {"HOST", "Hosting and Blogging Platforms"},
            new String[] {"SRCH", "Search Engines"}, new String[] {"GAME", "Gaming"},
            new String[] {"CULTR", "Culture"}, new String[] {"ECON", "Economics"},
            new String[] {"GOVT", "Government"}, new String[] {"COMM", "E-commerce"},
            new String[] {"CTRL", "Control content"}, new String[] {"IGO", "Intergovernmental Organizations"},
            new String[] {"MISC", "Miscellaneous content"});

    private static final String[] WORDS = {"news", "daily", "free", "voice", "press", "radio", "tube", "chat", "mail",
        "search", "forum", "rights", "watch", "open", "world", "city", "net", "media", "post", "times", "herald",
        "torrent", "proxy", "vpn", "shop", "bet", "play", "blog", "wiki", "social", "video", "photo", "cloud", "green",
        "faith", "health", "pride", "game", "trade", "gov", "union", "people", "report", "live", "star", "online"};
    private static final String[] TLDS = {"com", "org", "net", "info", "io", "ru", "ir", "cn", "de", "fr", "co.uk",
        "com.br", "in", "tr", "ua", "eg", "pk", "news", "tv", "me"};
    private static final String[] SOURCES = {"citizenlab", "ooni", "access-now", "community", "Netblocks"};

    private SyntheticTestLists() {
    }

    /**
     * Writes {@code rows} data rows spread over {@code global.csv} (about a fifth) and {@code countries} country
     * files, with {@code invalidEvery} > 0 making every n-th row invalid in a rotating way.
     */
    public static void write(Path root, int rows, List<String> countries, int invalidEvery, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Path lists = root.resolve("lists");
        try {
            Files.createDirectories(lists);
            writeLegend(lists);
            Files.writeString(lists.resolve("00-LEGEND-country_codes.csv"),
                    "CountryCode,Country Name\nZZ,Global\n", StandardCharsets.UTF_8);
            Files.writeString(lists.resolve("cis.csv"), String.join(",", TestListParser.HEADER)
                    + "\nhttp://cis-only.example.org/,NEWS,News Media,2019-01-01,citizenlab,\n", StandardCharsets.UTF_8);
            List<String> files = new ArrayList<>();
            files.add("global");
            files.addAll(countries);
            int globalRows = rows / 5;
            int perCountry = countries.isEmpty() ? 0 : (rows - globalRows) / countries.size();
            int written = 0;
            long counter = 0;
            for (int f = 0; f < files.size(); f++) {
                int n = f == 0 ? globalRows : (f == files.size() - 1 ? rows - written : perCountry);
                if (countries.isEmpty()) {
                    n = rows;
                }
                try (BufferedWriter w = Files.newBufferedWriter(lists.resolve(files.get(f) + ".csv"), StandardCharsets.UTF_8)) {
                    w.write(String.join(",", TestListParser.HEADER));
                    w.write('\n');
                    for (int i = 0; i < n; i++) {
                        counter++;
                        w.write(row(random, files.get(f), counter, invalidEvery > 0 && counter % invalidEvery == 0));
                        w.write('\n');
                    }
                }
                written += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeLegend(Path lists) throws IOException {
        StringBuilder b = new StringBuilder("CATEGORY_DESCRIPTION,Old Codes,New Code,Description\n");
        for (String[] c : CATEGORIES) {
            b.append(c[1].contains(",") ? '"' + c[1] + '"' : c[1]).append(",,").append(c[0])
                    .append(",\"Content about ").append(c[1].toLowerCase(Locale.ROOT)).append(", in any language.\"\n");
        }
        Files.writeString(lists.resolve(CategoryLegend.FILE_NAME), b.toString(), StandardCharsets.UTF_8);
    }

    private static String row(SplittableRandom r, String file, long counter, boolean invalid) {
        String[] category = CATEGORIES.get(r.nextInt(CATEGORIES.size()));
        String host = WORDS[r.nextInt(WORDS.length)] + WORDS[r.nextInt(WORDS.length)]
                + (counter % 7 == 0 ? "" : "-" + Long.toString(counter, 36)) + "." + TLDS[r.nextInt(TLDS.length)];
        String scheme = r.nextInt(10) < 7 ? "https://" : "http://";
        String prefix = r.nextInt(4) == 0 ? "www." : "";
        String path = switch (r.nextInt(5)) {
            case 0 -> "";
            case 1 -> "/";
            case 2 -> "/" + WORDS[r.nextInt(WORDS.length)] + "/";
            case 3 -> "/" + WORDS[r.nextInt(WORDS.length)] + "?id=" + r.nextInt(100000);
            default -> "/" + file + "/" + WORDS[r.nextInt(WORDS.length)] + ".html";
        };
        String url = scheme + prefix + host + path;
        String code = category[0];
        String date = String.format("%04d-%02d-%02d", 2014 + r.nextInt(12), 1 + r.nextInt(12), 1 + r.nextInt(28));
        String notes = r.nextInt(20) == 0 ? "\"Reported blocked, see \"\"report\"\", 2021\"" : "";
        if (invalid) {
            switch ((int) (counter / Math.max(1, counter % 4 + 1)) % 4) {
                case 0 -> url = "https://" + host + "/bad path with spaces";
                case 1 -> code = "NOPE";
                case 2 -> date = date.substring(0, 8) + "31-x";
                default -> {
                    return url + "," + code;
                }
            }
        }
        String description = category[1].contains(",") ? '"' + category[1] + '"' : category[1];
        return url + "," + code + "," + description + "," + date + "," + SOURCES[r.nextInt(SOURCES.length)] + "," + notes;
    }
}
