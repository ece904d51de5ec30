package org.ooni.analysis.asnmeta;

import org.ooni.analysis.csv.StrictUtf8Reader;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.Year;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.ooni.analysis.error.InvalidInput;

/**
 * Streams {@code all_as_org_map.json} ({@code {"<asn>": [[org_name, cc, "YYYYMMDD", aut_name, source], ...], ...}})
 * into one {@link AsOrgEntry} per history entry, holding only the current entry in memory. Every rule it breaks
 * ends the parse with an {@link InvalidInput} naming the JSON path (e.g. {@code $["13335"][2][2]}) and the line
 * and column of the offending token. Plain I/O failures of the underlying stream surface as
 * {@link UncheckedIOException} so the caller can tell a broken download from a broken file.
 */
public final class AsOrgMapParser implements Iterator<AsOrgEntry>, AutoCloseable {
    /** Largest ASN: ASNs are unsigned 32-bit numbers. */
    public static final long MAX_ASN = 4_294_967_295L;
    /** The range a ClickHouse {@code Date} holds; dates outside it would be stored wrapped, so they are refused. */
    public static final LocalDate FIRST_DATE = LocalDate.of(1970, 1, 1);
    public static final LocalDate LAST_DATE = LocalDate.of(2149, 6, 6);
    private static final String ENTRY_SHAPE = "[org_name, cc, changed, aut_name, source]";
    private static final String[] FIELD_NAMES = {"org_name", "cc", "changed", "aut_name", "source"};
    private static final int FIELDS = FIELD_NAMES.length;
    private static final int CC = 1;
    private static final int CHANGED = 2;
    private static final int SOURCE = 4;
    // Keys are ASNs, nearly all distinct: interning them in the JVM-wide string pool took half the parse time, and
    // canonicalizing them (Jackson's symbol table, on by default) a tenth of what was left, plus repeated
    // recompiles of the byte-level parser as the keys grow longer through the file. So names are plain Strings,
    // read by Jackson's char-level parser from a StrictUtf8Reader, which fails on invalid UTF-8 where the JDK's
    // Reader would put U+FFFD in its place.
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private final JsonParser json;
    private final String sourceName;
    private final AsOrgMapTally tally;
    private final String[] values = new String[FIELDS];
    // Country codes and registry names repeat across the whole file: one String each instead of one per entry.
    private final RepeatedStrings shortValues = new RepeatedStrings();
    private boolean started;
    private boolean finished;
    private boolean inList;
    private String key;
    private long asn;
    private int entry = -1;
    private boolean inEntry;
    private int field = -1;
    private int entriesOfKey;
    private LocalDate changed;
    private AsOrgEntry pending;

    /**
     * @param in         the document; not closed by the parser
     * @param sourceName where it came from, the file part of error messages
     * @param tally      receives the counts as entries are read
     */
    public AsOrgMapParser(InputStream in, String sourceName, AsOrgMapTally tally) {
        this.sourceName = sourceName;
        this.tally = tally;
        try {
            this.json = JSON.createParser(new StrictUtf8Reader(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !finished) {
            try {
                pending = advance();
            } catch (JsonProcessingException | CharConversionException e) {
                throw malformed(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            finished = pending == null;
        }
        return pending != null;
    }

    @Override
    public AsOrgEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        AsOrgEntry e = pending;
        pending = null;
        return e;
    }

    @Override
    public void close() {
        try {
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AsOrgEntry advance() throws IOException {
        if (!started) {
            started = true;
            JsonToken first = json.nextToken();
            if (first == null) {
                throw invalid("empty document, expected a JSON object mapping ASNs to lists of entries");
            }
            if (first != JsonToken.START_OBJECT) {
                throw invalid("the document must be a JSON object mapping ASNs to lists of entries, found "
                        + describe(first));
            }
        }
        while (true) {
            JsonToken t = json.nextToken();
            if (t == null) {
                throw invalid("unexpected end of input");
            }
            if (inList) {
                if (t == JsonToken.END_ARRAY) {
                    tally.asn(entriesOfKey);
                    inList = false;
                    key = null;
                    entry = -1;
                    continue;
                }
                entry++;
                inEntry = true;
                if (t != JsonToken.START_ARRAY) {
                    throw invalid("an entry must be an array of 5 strings " + ENTRY_SHAPE + ", found " + describe(t));
                }
                return readEntry();
            }
            if (t == JsonToken.END_OBJECT) {
                JsonToken after = json.nextToken();
                if (after != null) {
                    throw invalid("unexpected " + describe(after) + " after the top-level object");
                }
                return null;
            }
            key = json.currentName();
            asn = parseAsn(key);
            t = json.nextToken();
            if (t != JsonToken.START_ARRAY) {
                throw invalid("the value of an ASN must be a list of entries, found " + describe(t));
            }
            inList = true;
            entry = -1;
            entriesOfKey = 0;
        }
    }

    private AsOrgEntry readEntry() throws IOException {
        for (field = 0; field < FIELDS; field++) {
            JsonToken t = json.nextToken();
            if (t == JsonToken.END_ARRAY) {
                int seen = field;
                field = -1;
                throw invalid("an entry must have 5 elements " + ENTRY_SHAPE + ", this one has " + seen);
            }
            if (t != JsonToken.VALUE_STRING) {
                throw invalid(FIELD_NAMES[field] + " must be a string, found " + describe(t));
            }
            if (field == CHANGED) {
                changed = parseChanged();
            } else if (field == CC || field == SOURCE) {
                values[field] = shortValues.of(json.getTextCharacters(), json.getTextOffset(), json.getTextLength());
            } else {
                values[field] = json.getText();
            }
        }
        field = -1;
        JsonToken t = json.nextToken();
        if (t != JsonToken.END_ARRAY) {
            throw invalid("an entry must have 5 elements " + ENTRY_SHAPE + ", this one has more");
        }
        inEntry = false;
        entriesOfKey++;
        tally.row(changed);
        return new AsOrgEntry(asn, values[0], values[1], changed, values[3], values[4]);
    }

    private long parseAsn(String text) {
        int n = text.length();
        boolean canonical = n >= 1 && n <= 10 && (n == 1 || text.charAt(0) != '0');
        long value = 0;
        for (int i = 0; canonical && i < n; i++) {
            char c = text.charAt(i);
            canonical = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        if (!canonical || value > MAX_ASN) {
            throw invalid("key must be an ASN, a decimal integer in 0.." + MAX_ASN + " without sign or leading zeros, got "
                    + quoted(text));
        }
        return value;
    }

    /** Reads the current string token as a {@code YYYYMMDD} date without making a String of it. */
    private LocalDate parseChanged() throws IOException {
        char[] chars = json.getTextCharacters();
        int offset = json.getTextOffset();
        int length = json.getTextLength();
        boolean digits = length == 8;
        int value = 0;
        for (int i = 0; digits && i < 8; i++) {
            char c = chars[offset + i];
            digits = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        if (!digits) {
            throw invalid("changed must be a date written YYYYMMDD, got " + quoted(json.getText()));
        }
        int year = value / 10_000;
        int month = value / 100 % 100;
        int day = value % 100;
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            throw invalid("changed " + quoted(json.getText()) + " is not a valid YYYYMMDD date");
        }
        LocalDate date = LocalDate.of(year, month, day);
        if (date.isBefore(FIRST_DATE) || date.isAfter(LAST_DATE)) {
            throw invalid("changed " + quoted(json.getText()) + " is outside " + FIRST_DATE + ".." + LAST_DATE
                    + ", the range the store's Date type holds");
        }
        return date;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The JSON path of where the parser stands, e.g. {@code $["13335"][2][2]}. */
    private String path() {
        StringBuilder b = new StringBuilder("$");
        if (key != null) {
            b.append('[').append(quoted(key)).append(']');
            if (inEntry) {
                b.append('[').append(entry).append(']');
                if (field >= 0) {
                    b.append('[').append(field).append(']');
                }
            }
        }
        return b.toString();
    }

    private InvalidInput invalid(String rule) {
        JsonLocation at = json.currentTokenLocation();
        return new InvalidInput(sourceName, at.getLineNr(), at.getColumnNr(), path() + ": " + rule);
    }

    private InvalidInput malformed(IOException e) {
        if (e instanceof StrictUtf8Reader.MalformedUtf8 m) {
            // Jackson's own location is off by a buffer when its read fails; the reader knows where it stopped
            return new InvalidInput(sourceName, m.line(), m.column(), path() + ": malformed JSON: " + m.getMessage(),
                    e);
        }
        JsonLocation at = e instanceof JsonProcessingException j && j.getLocation() != null
                ? j.getLocation() : json.currentLocation();
        String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return new InvalidInput(sourceName, at.getLineNr(), at.getColumnNr(),
                path() + ": malformed JSON: " + clean(reason), e);
    }

    /** Jackson's messages name a redacted source and may run over lines; keep one readable line. */
    private static String clean(String message) {
        if (message == null) {
            return "(no detail)";
        }
        String oneLine = message.lines().findFirst().orElse("");
        return oneLine.replaceAll("\\[Source: [^;\\]]*; ", "[");
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }

    /** A string in JSON quotes, escaped and cut short, so any input prints safely on one line. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        int limit = Math.min(s.length(), 64);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > limit) {
            b.append("...");
        }
        return b.append('"').toString();
    }
}
