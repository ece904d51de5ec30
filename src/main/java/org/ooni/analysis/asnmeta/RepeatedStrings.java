package org.ooni.analysis.asnmeta;

/**
 * A small cache that turns the characters of a short, often repeated value (a country code, a registry name) into
 * the same String each time it recurs, so a million entries do not make a million copies of "US". Bounded: a slot
 * holds the last value that hashed to it, and values longer than {@value #MAX_LENGTH} characters are not cached.
 */
final class RepeatedStrings {
    static final int MAX_LENGTH = 16;
    private static final int SLOTS = 1024;

    private final String[] slots = new String[SLOTS];

    /** The String of {@code chars[offset, offset + length)}: a cached one when the same value was seen before. */
    String of(char[] chars, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(chars, offset, length);
        }
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + chars[offset + i];
        }
        int slot = (hash ^ (hash >>> 10)) & (SLOTS - 1);
        String cached = slots[slot];
        if (cached != null && cached.length() == length && sameChars(cached, chars, offset)) {
            return cached;
        }
        String value = new String(chars, offset, length);
        slots[slot] = value;
        return value;
    }

    private static boolean sameChars(String s, char[] chars, int offset) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
