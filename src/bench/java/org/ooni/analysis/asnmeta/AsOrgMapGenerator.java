package org.ooni.analysis.asnmeta;

import java.util.Locale;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Writes a synthetic {@code all_as_org_map.json} of an exact row count, one ASN per line, with plausible
 * organisation names, 1 to 4 history entries per ASN, some empty fields, non-ASCII names, and 32-bit ASNs up to
 * 4294967295. Deterministic for a given seed; used by tests and the benchmark.
 */
public final class AsOrgMapGenerator {
    private static final String[] FIRST = {"Nordic", "Pacific", "Andes", "Sahel", "Baltic", "Delta", "Atlas",
        "Meridian", "Aurora", "Cascade", "Lagos", "Mekong", "Danube", "Sierra", "Orient", "Karoo", "Tasman",
        "Anatolia", "Patagonia", "Bengal", "Zagros", "Carpathian", "Sonora", "Nile"};
    private static final String[] SECOND = {"Fiber", "Telecom", "Broadband", "Networks", "Data", "Cable", "Wireless",
        "Internet", "Hosting", "Cloud", "Link", "Connect", "Net", "Communications", "Online", "Digital"};
    private static final String[] SUFFIX = {"AB", "Ltd", "LLC", "Inc.", "GmbH", "S.A.", "SRL", "B.V.", "Pty Ltd",
        "JSC", "Sp. z o.o.", "A.S.", "S.A.S.", "Co., Ltd.", "Limited", "ООО", "株式会社", ""};
    private static final String[] CC = {"US", "DE", "BR", "RU", "IN", "CN", "IR", "TR", "EG", "UA", "GB", "FR",
        "NL", "SE", "ZA", "NG", "KE", "AR", "MX", "ID", "JP", "AU", "IT", "ES", "PL", ""};
    private static final String[] SOURCE = {"ARIN", "RIPE", "APNIC", "LACNIC", "AFRINIC", "JPNIC"};
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    private AsOrgMapGenerator() {
    }

    /** Writes exactly {@code rows} entries; the last ASN written is always 4294967295. */
    public static void write(OutputStream out, long rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write('{');
        long written = 0;
        long asn = 0;
        boolean first = true;
        while (written < rows) {
            long left = rows - written;
            int entries = (int) Math.min(left, 1 + (random.nextInt(10) < 7 ? 0 : random.nextInt(4)));
            boolean last = written + entries == rows;
            asn = last ? AsOrgMapParser.MAX_ASN : nextAsn(asn, random);
            w.write(first ? "\n\"" : ",\n\"");
            first = false;
            w.write(Long.toString(asn));
            w.write("\": [");
            LocalDate changed = LocalDate.of(1995, 1, 1).plusDays(random.nextInt(4000));
            for (int i = 0; i < entries; i++) {
                if (i > 0) {
                    w.write(", ");
                    changed = changed.plusDays(30 + random.nextInt(1500));
                }
                writeEntry(w, random, changed);
            }
            w.write(']');
            written += entries;
        }
        w.write("\n}\n");
        w.flush();
    }

    private static long nextAsn(long previous, SplittableRandom random) {
        // Dense below 400000 (where most real ASNs are), sparse above; ten million rows stay far below 2^32 - 1.
        long step = previous < 400_000 ? 1 + random.nextInt(3) : 1 + random.nextInt(1000);
        return previous + step;
    }

    private static void writeEntry(Writer w, SplittableRandom random, LocalDate changed) throws IOException {
        String first = FIRST[random.nextInt(FIRST.length)];
        String second = SECOND[random.nextInt(SECOND.length)];
        String suffix = SUFFIX[random.nextInt(SUFFIX.length)];
        String org = random.nextInt(200) == 0 ? "" : (first + " " + second + (suffix.isEmpty() ? "" : " " + suffix));
        String aut = random.nextInt(50) == 0 ? "" : (first + "-" + second).toUpperCase(Locale.ROOT) + "-AS";
        w.write("[\"");
        writeEscaped(w, org);
        w.write("\", \"");
        w.write(CC[random.nextInt(CC.length)]);
        w.write("\", \"");
        w.write(changed.format(YYYYMMDD));
        w.write("\", \"");
        writeEscaped(w, aut);
        w.write("\", \"");
        w.write(SOURCE[random.nextInt(SOURCE.length)]);
        w.write("\"]");
    }

    private static void writeEscaped(Writer w, String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                w.write('\\');
            }
            w.write(c);
        }
    }
}
