package org.ooni.analysis.fingerprints;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers which fingerprints match a DNS answer or an HTTP response. Built once from the fingerprint rows, then
 * immutable and safe to share between threads.
 *
 * <p>DNS fingerprints match by exact string equality (a hash lookup). A body is checked against every body pattern
 * in one pass: {@code contains} patterns by one Aho–Corasick scan, {@code prefix} and {@code full} patterns by one
 * walk down a second automaton's trie from the first byte, and {@code regexp} patterns one by one (compiled once, run
 * on the body's bytes, see {@link ByteRegex}), each only when the same scan saw a literal every match must contain
 * ({@link RequiredLiteral}) or when it has none. Header fingerprints apply the same four types to each value
 * of the named header; there are few of them and values are short, so they are checked directly.
 *
 * <p>No pattern can hold the matcher: a regexp RE2 can express runs on a lazy DFA, linear in the body
 * ({@link LazyDfa}); one that needs backtracking runs under a step budget ({@link BoundedBacktracker}) and, past it,
 * counts as not matched and is reported to the caller's {@link GaveUp}. Both kinds are listed by {@link #warnings()};
 * regexps no engine compiles are left out and listed by {@link #skipped()}.
 */
public final class FingerprintMatcher {
    private final List<Fingerprint> all;
    private final Map<String, List<Integer>> dns = new HashMap<>();
    private final AhoCorasick contains;
    private final int[] containsIds;
    private final AhoCorasick anchored;
    private final int[] anchoredIds;
    private final List<Integer> regexIds = new ArrayList<>();
    private final List<FingerprintRegex> regexes = new ArrayList<>();
    private final List<String> triggers = new ArrayList<>();
    private final int[] alwaysRun;
    private final int[] triggerRegex;
    private final Map<String, List<Integer>> headers = new LinkedHashMap<>();
    private final Map<Integer, FingerprintRegex> headerRegexes = new HashMap<>();
    private final List<RegexWarning> warnings = new ArrayList<>();

    /** Told of each regexp fingerprint that gave up on an input (once per input); it counted as not matched. */
    @FunctionalInterface
    public interface GaveUp {
        void gaveUp(Fingerprint fingerprint, int inputBytes);
    }

    public FingerprintMatcher(List<Fingerprint> fingerprints) {
        this.all = List.copyOf(fingerprints);
        List<byte[]> containsPatterns = new ArrayList<>();
        List<Integer> containsList = new ArrayList<>();
        List<byte[]> anchoredPatterns = new ArrayList<>();
        List<Integer> anchoredList = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Fingerprint f = all.get(i);
            if (f.isDns()) {
                dns.computeIfAbsent(f.pattern(), k -> new ArrayList<>()).add(i);
            } else if (f.isBody()) {
                switch (f.patternType()) {
                    case CONTAINS -> {
                        containsPatterns.add(f.pattern().getBytes(StandardCharsets.UTF_8));
                        containsList.add(i);
                    }
                    case PREFIX, FULL -> {
                        anchoredPatterns.add(f.pattern().getBytes(StandardCharsets.UTF_8));
                        anchoredList.add(i);
                    }
                    case REGEXP -> {
                        Optional<FingerprintRegex> compiled = compile(f);
                        if (compiled.isPresent()) {
                            regexIds.add(i);
                            regexes.add(compiled.get());
                            triggers.add(RequiredLiteral.of(f.pattern()).orElse(null));
                        }
                    }
                }
            } else {
                if (f.patternType() == PatternType.REGEXP) {
                    Optional<FingerprintRegex> compiled = compile(f);
                    if (compiled.isEmpty()) {
                        continue;
                    }
                    headerRegexes.put(i, compiled.get());
                }
                headers.computeIfAbsent(f.headerName(), k -> new ArrayList<>()).add(i);
            }
        }
        containsIds = containsList.stream().mapToInt(Integer::intValue).toArray();
        // Required literals of the regexps ride in the same automaton, after the contains patterns: pattern number
        // containsIds.length + k arms regex k. Regexes without one are always run.
        List<Integer> unconditional = new ArrayList<>();
        List<Integer> armedBy = new ArrayList<>();
        for (int k = 0; k < triggers.size(); k++) {
            if (triggers.get(k) == null) {
                unconditional.add(k);
            } else {
                containsPatterns.add(triggers.get(k).getBytes(StandardCharsets.UTF_8));
                armedBy.add(k);
            }
        }
        alwaysRun = unconditional.stream().mapToInt(Integer::intValue).toArray();
        triggerRegex = armedBy.stream().mapToInt(Integer::intValue).toArray();
        contains = new AhoCorasick(containsPatterns);
        anchored = new AhoCorasick(anchoredPatterns);
        anchoredIds = anchoredList.stream().mapToInt(Integer::intValue).toArray();
    }

    private Optional<FingerprintRegex> compile(Fingerprint f) {
        try {
            FingerprintRegex regex = FingerprintRegex.compile(f.pattern());
            if (regex instanceof BoundedBacktracker b) {
                warnings.add(new RegexWarning("fingerprint table", 0, f.name(), RegexWarning.Kind.BOUNDED,
                        b.re2Reason()));
            }
            return Optional.of(regex);
        } catch (FingerprintRegex.Unsupported e) {
            warnings.add(new RegexWarning("fingerprint table", 0, f.name(), RegexWarning.Kind.INVALID,
                    e.javaReason()));
            return Optional.empty();
        }
    }

    /** Regexp fingerprints left out because no engine compiles them. */
    public List<RegexWarning> skipped() {
        return warnings.stream().filter(w -> w.kind() == RegexWarning.Kind.INVALID).toList();
    }

    /** Every regexp fingerprint not run in linear time: the skipped ones and those under a step budget. */
    public List<RegexWarning> warnings() {
        return List.copyOf(warnings);
    }

    public int size() {
        return all.size();
    }

    /** Fingerprints matching a DNS answer (an IP address or a host name), in table order. */
    public List<FingerprintMatch> matchDns(String answer, String probeCc) {
        List<FingerprintMatch> out = new ArrayList<>();
        for (int i : dns.getOrDefault(answer, List.of())) {
            out.add(FingerprintMatch.of(all.get(i), probeCc));
        }
        return out;
    }

    /** Fingerprints matching the response's body or headers, in table order. */
    public List<FingerprintMatch> matchHttp(HttpResponseSample response, String probeCc) {
        return matchHttp(response, probeCc, (f, n) -> { });
    }

    /** The same, telling {@code gaveUp} of each regexp that spent its step budget on the body or a header. */
    public List<FingerprintMatch> matchHttp(HttpResponseSample response, String probeCc, GaveUp gaveUp) {
        BitSet hits = new BitSet(all.size());
        matchBody(response.body(), hits, gaveUp);
        matchHeaders(response, hits, gaveUp);
        List<FingerprintMatch> out = new ArrayList<>();
        for (int i = hits.nextSetBit(0); i >= 0; i = hits.nextSetBit(i + 1)) {
            out.add(FingerprintMatch.of(all.get(i), probeCc));
        }
        return out;
    }

    /** Sets the index of every body fingerprint that matches {@code body}. */
    public void matchBody(byte[] body, BitSet hits) {
        matchBody(body, hits, (f, n) -> { });
    }

    /** The same, telling {@code gaveUp} of each regexp that spent its step budget. */
    public void matchBody(byte[] body, BitSet hits, GaveUp gaveUp) {
        BitSet armed = new BitSet(regexes.size());
        if (contains.patternCount() > 0) {
            searchContains(body, hits, armed);
        }
        for (int k : alwaysRun) {
            armed.set(k);
        }
        anchored.prefixes(body, (p, end) -> {
            int id = anchoredIds[p];
            if (all.get(id).patternType() == PatternType.PREFIX || end == body.length) {
                hits.set(id);
            }
        });
        for (int k = armed.nextSetBit(0); k >= 0; k = armed.nextSetBit(k + 1)) {
            if (found(regexes.get(k), regexIds.get(k), body, gaveUp)) {
                hits.set(regexIds.get(k));
            }
        }
    }

    /** The Aho–Corasick pass: contains patterns hit, and regexps armed by their required literal. */
    private void searchContains(byte[] body, BitSet hits, BitSet armed) {
        int plain = containsIds.length;
        contains.search(body, 0, body.length, (p, end) -> {
            if (p < plain) {
                hits.set(containsIds[p]);
            } else {
                armed.set(triggerRegex[p - plain]);
            }
        });
    }

    private boolean found(FingerprintRegex regex, int id, byte[] input, GaveUp gaveUp) {
        FingerprintRegex.Verdict verdict = regex.find(input);
        if (verdict == FingerprintRegex.Verdict.GAVE_UP) {
            gaveUp.gaveUp(all.get(id), input.length);
        }
        return verdict == FingerprintRegex.Verdict.MATCH;
    }

    private void matchHeaders(HttpResponseSample response, BitSet hits, GaveUp gaveUp) {
        for (Map.Entry<String, List<Integer>> e : headers.entrySet()) {
            for (String value : response.header(e.getKey())) {
                byte[] v = value.getBytes(StandardCharsets.UTF_8);
                for (int id : e.getValue()) {
                    if (!hits.get(id) && matchesValue(id, ByteRegex.bytesAsChars(v), v, gaveUp)) {
                        hits.set(id);
                    }
                }
            }
        }
    }

    private boolean matchesValue(int id, String value, byte[] bytes, GaveUp gaveUp) {
        Fingerprint f = all.get(id);
        return switch (f.patternType()) {
            case FULL -> value.equals(ByteRegex.bytesAsChars(f.pattern()));
            case PREFIX -> value.startsWith(ByteRegex.bytesAsChars(f.pattern()));
            case CONTAINS -> value.contains(ByteRegex.bytesAsChars(f.pattern()));
            case REGEXP -> found(headerRegexes.get(id), id, bytes, gaveUp);
        };
    }
}
