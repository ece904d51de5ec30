package org.ooni.analysis.geoip;

import static org.ooni.analysis.geoip.MmdbType.*;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes values in the MaxMind DB data-section format (control byte with type and size, then the payload), for
 * {@link MmdbWriter}. Java types map as: String utf8_string, Map map, List array, Boolean boolean, Double double,
 * Float float, Integer int32, Long uint32 (must fit), byte[] bytes, and the wrapper records for the other widths.
 */
final class MmdbEncoder {

    /** An unsigned 16-bit value (the metadata keys record_size, ip_version and the format versions need it). */
    public record Uint16(int value) {
    }

    /** An unsigned 64-bit value (the metadata key build_epoch needs it). */
    public record Uint64(long value) {
    }

    /** An unsigned 128-bit value. */
    public record Uint128(BigInteger value) {
    }

    private MmdbEncoder() {
    }

    static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            control(UTF8, b.length, out);
            out.writeBytes(b);
        } else if (value instanceof Map<?, ?> m) {
            control(MAP, m.size(), out);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("map keys must be strings, not " + e.getKey());
                }
                encode(e.getKey(), out);
                encode(e.getValue(), out);
            }
        } else if (value instanceof List<?> l) {
            control(ARRAY, l.size(), out);
            for (Object item : l) {
                encode(item, out);
            }
        } else if (value instanceof Boolean b) {
            control(BOOLEAN, b ? 1 : 0, out);
        } else if (value instanceof Double d) {
            control(DOUBLE, 8, out);
            out.writeBytes(ByteBuffer.allocate(8).putDouble(d).array());
        } else if (value instanceof Float f) {
            control(FLOAT, 4, out);
            out.writeBytes(ByteBuffer.allocate(4).putFloat(f).array());
        } else if (value instanceof Integer i) {
            control(INT32, 4, out);
            out.writeBytes(ByteBuffer.allocate(4).putInt(i).array());
        } else if (value instanceof Long l) {
            if (l < 0 || l > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("a Long is written as uint32 and must fit: " + l);
            }
            unsigned(UINT32, BigInteger.valueOf(l), out);
        } else if (value instanceof Uint16 u) {
            unsigned(UINT16, BigInteger.valueOf(u.value()), out);
        } else if (value instanceof Uint64 u) {
            unsigned(UINT64, new BigInteger(Long.toUnsignedString(u.value())), out);
        } else if (value instanceof Uint128 u) {
            unsigned(UINT128, u.value(), out);
        } else if (value instanceof byte[] b) {
            control(BYTES, b.length, out);
            out.writeBytes(b);
        } else {
            throw new IllegalArgumentException("no MMDB type for " + (value == null ? "null" : value.getClass()));
        }
    }

    private static void unsigned(int type, BigInteger v, ByteArrayOutputStream out) {
        byte[] raw = v.toByteArray();
        int skip = 0;
        while (skip < raw.length && raw[skip] == 0) {
            skip++;
        }
        int len = raw.length - skip;
        control(type, len, out);
        out.write(raw, skip, len);
    }

    /** The control byte, the extended-type byte for types above 7, then 0 to 3 size bytes. */
    static void control(int type, int size, ByteArrayOutputStream out) {
        int first = type <= 7 ? type << 5 : 0;
        byte[] extra;
        if (size < 29) {
            first |= size;
            extra = new byte[0];
        } else if (size < 29 + 256) {
            first |= 29;
            extra = new byte[] {(byte) (size - 29)};
        } else if (size < 285 + 65_536) {
            first |= 30;
            int s = size - 285;
            extra = new byte[] {(byte) (s >>> 8), (byte) s};
        } else {
            first |= 31;
            int s = size - 65_821;
            extra = new byte[] {(byte) (s >>> 16), (byte) (s >>> 8), (byte) s};
        }
        out.write(first);
        if (type > 7) {
            out.write(type - 7);
        }
        out.writeBytes(extra);
    }
}
