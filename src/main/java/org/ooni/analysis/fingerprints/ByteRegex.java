package org.ooni.analysis.fingerprints;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Regexes that run on bytes. Bodies are decoded as ISO-8859-1, which maps every byte to the char of the same value,
 * so a body that is not UTF-8 still matches; the pattern is compiled from its own UTF-8 bytes the same way, so a
 * non-ASCII literal in a pattern matches its UTF-8 byte sequence in the body. The price: {@code .} and character
 * classes see single bytes, so a class holding a non-ASCII character (rare in the upstream patterns) matches any of
 * its bytes. Python's {@code re} on str would see code points instead; byte semantics is what a raw body needs.
 */
public final class ByteRegex {
    private static final Pattern PYTHON_BACKREFERENCE = Pattern.compile("\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)");

    private ByteRegex() {
    }

    /** Compiles the pattern; throws {@link java.util.regex.PatternSyntaxException} when Java cannot. */
    public static Pattern compile(String pattern) {
        return Pattern.compile(bytesAsChars(pattern));
    }

    /**
     * Python's spellings of a named group and of a backreference to it, {@code (?P<name>...)} and
     * {@code (?P=name)}, in Java's: {@code (?<name>...)} and {@code \k<name>}. (RE2 reads the first itself.)
     */
    public static String javaSyntax(String pattern) {
        return PYTHON_BACKREFERENCE.matcher(pattern.replace("(?P<", "(?<")).replaceAll("\\\\k<$1>");
    }

    /** The UTF-8 bytes of {@code text}, one char per byte. */
    public static String bytesAsChars(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The bytes, one char per byte, without copying semantics beyond what String needs. */
    public static String bytesAsChars(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
