package org.ooni.analysis.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.error.UsageError;
import org.ooni.analysis.fingerprints.FingerprintMatch;
import org.ooni.analysis.fingerprints.FingerprintMatcher;
import org.ooni.analysis.fingerprints.FingerprintTableReader;
import org.ooni.analysis.fingerprints.HttpResponseSample;
import org.ooni.analysis.fingerprints.RegexWarning;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fingerprints match}: which loaded fingerprints match a DNS answer or an HTTP response. Prints one line per
 * match (tab-separated text or one JSON object per line) and exits 0 whether or not anything matched.
 */
@Command(name = "match", description = {
    "Match DNS answers or an HTTP response against the live fingerprint tables.",
    "Prints one line per match and exits 0 whether or not anything matched.",
    "Text columns: input, name, scope, location, pattern_type, confidence_no_fp, expected_countries, verdict",
    "(verdict: confirmed, unconfirmed or false-positive)."})
final class FingerprintsMatchCommand implements Callable<Integer> {
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    @ParentCommand
    FingerprintsCommand parent;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--dns", paramLabel = "ANSWER", arity = "1..*",
                description = "DNS answers (IP addresses or host names) to match, each on its own.")
        List<String> dns;

        @Option(names = "--http-body", paramLabel = "FILE|-", description = "HTTP response body file, or - for stdin.")
        String body;
    }

    @Option(names = "--status", paramLabel = "N", description = "HTTP status code, echoed in the JSON output.")
    Integer status;

    @Option(names = "--header", paramLabel = "'Name: value'", description = "An HTTP response header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--cc", paramLabel = "CC", description = "Probe country (two upper-case letters): a fingerprint "
            + "that expects this country confirms blocking.")
    String cc;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "16777216", description = "Largest body "
            + "--http-body reads (default 16 MiB); a larger one is refused with exit 4 before it fills memory.")
    long maxBodyBytes;

    @Option(names = "--format", defaultValue = "text", description = "text (default) or json (one object per line).")
    TextOrJson format;

    @Override
    public Integer call() {
        RootCommand root = parent.root;
        boolean json = format == TextOrJson.JSON;
        if (cc != null && !COUNTRY.matcher(cc).matches()) {
            throw new UsageError("--cc must be two upper-case letters, not '" + cc + "'");
        }
        if (maxBodyBytes < 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new UsageError("--max-body-bytes must be from 0 to " + (Integer.MAX_VALUE - 8) + ", not "
                    + maxBodyBytes);
        }
        if (input.dns != null && (status != null || !headers.isEmpty())) {
            throw new UsageError("--status and --header go with --http-body, not --dns");
        }
        HttpResponseSample response = input.body == null ? null : readResponse(root.env.in());
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, true)) {
            var warehouse = runtime.warehouse();
            long start = System.nanoTime();
            FingerprintMatcher matcher = new FingerprintMatcher(FingerprintTableReader.readLive(warehouse));
            runtime.log().info("fingerprints match: loaded " + matcher.size() + " fingerprints in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            for (RegexWarning w : matcher.warnings()) {
                runtime.log().warn("fingerprints match: " + w.describe());
            }
            PrintStream out = root.env.out();
            if (response == null) {
                for (String answer : input.dns) {
                    for (FingerprintMatch m : matcher.matchDns(answer, cc)) {
                        out.println(json ? json(answer, null, m) : text(answer, m));
                    }
                }
            } else {
                String label = input.body.equals("-") ? "(stdin)" : input.body;
                FingerprintMatcher.GaveUp gaveUp = (f, bytes) -> runtime.log().warn("fingerprints match: fingerprint "
                        + f.name() + " spent its step budget on " + bytes + " bytes of " + f.locationFound()
                        + " and counts as not matched");
                for (FingerprintMatch m : matcher.matchHttp(response, cc, gaveUp)) {
                    out.println(json ? json(label, status, m) : text(label, m));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    // Environment carries no stdin (a shared record); "-" reads the process's own.
    private HttpResponseSample readResponse(InputStream stdin) {
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new UsageError("--header must look like 'Name: value', not '" + h + "'");
            }
            parsed.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).strip());
        }
        byte[] body;
        String label = input.body.equals("-") ? "(stdin)" : input.body;
        try {
            if (input.body.equals("-")) {
                body = readCapped(stdin, label); // not closed: the process's own
            } else {
                try (InputStream in = Files.newInputStream(Path.of(input.body))) {
                    body = readCapped(in, label);
                }
            }
        } catch (NoSuchFileException e) {
            throw new SourceUnavailable(input.body, "no such file");
        } catch (IOException e) {
            throw new SourceUnavailable(input.body, "cannot read: " + e.getMessage(), e);
        }
        return new HttpResponseSample(status == null ? 0 : status, parsed, body);
    }

    /** Reads one byte past the cap: that byte says "too large" without ever holding more than the cap. */
    private byte[] readCapped(InputStream in, String label) throws IOException {
        byte[] body = in.readNBytes((int) maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw new InvalidInput(label, 0, 0, "the HTTP body is larger than the limit of " + maxBodyBytes
                    + " bytes (--max-body-bytes)");
        }
        return body;
    }

    private static String text(String input, FingerprintMatch m) {
        return String.join("\t", input, m.name(), m.scope(), m.location(), m.patternType(),
                String.valueOf(m.confidenceNoFp()), String.join(",", m.expectedCountries()), m.verdict());
    }

    private String json(String input, Integer httpStatus, FingerprintMatch m) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        node.put("input", input);
        if (httpStatus != null) {
            node.put("status", httpStatus);
        }
        node.put("name", m.name());
        node.put("scope", m.scope());
        node.put("location", m.location());
        node.put("pattern_type", m.patternType());
        node.put("confidence_no_fp", m.confidenceNoFp());
        node.putPOJO("expected_countries", m.expectedCountries());
        node.put("false_positive", m.falsePositive());
        node.put("confirms_blocking", m.confirmsBlocking());
        node.put("probe_cc", cc);
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
