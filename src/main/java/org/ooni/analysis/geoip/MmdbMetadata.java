package org.ooni.analysis.geoip;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata map at the end of an MMDB file, decoded here because the MaxMind reader keeps {@code node_count}
 * to itself. Only the tail of the file is read (the spec puts the marker within the last 128 KiB).
 */
record MmdbMetadata(String databaseType, long nodeCount, int recordSize, int ipVersion, long buildEpoch) {
    /** The bytes that open the metadata section, as the MMDB format defines them. */
    static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
            'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
    private static final int TAIL = 128 * 1024;

    /** Reads the metadata of {@code file}; an {@link IOException} says what is missing or malformed. */
    static MmdbMetadata read(Path file) throws IOException {
        ByteBuffer tail;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int len = (int) Math.min(size, TAIL);
            tail = ByteBuffer.allocate(len);
            ch.read(tail, size - len);
            tail.flip();
        }
        int at = lastMarker(tail);
        if (at < 0) {
            throw new IOException("no metadata marker in the last " + TAIL + " bytes");
        }
        int start = at + METADATA_MARKER.length;
        tail.position(start);
        Object decoded;
        try {
            decoded = decode(tail, start);
        } catch (RuntimeException e) {
            throw new IOException("metadata cannot be decoded: " + e, e);
        }
        if (!(decoded instanceof Map<?, ?> m)) {
            throw new IOException("metadata is not a map");
        }
        return new MmdbMetadata(string(m, "database_type"), number(m, "node_count"), (int) number(m, "record_size"),
                (int) number(m, "ip_version"), number(m, "build_epoch"));
    }

    /** Size in bytes of the search tree; the 16-byte separator follows it. */
    long searchTreeBytes() {
        return nodeCount * recordSize / 4;
    }

    private static String string(Map<?, ?> m, String key) throws IOException {
        if (m.get(key) instanceof String s) {
            return s;
        }
        throw new IOException("metadata key " + key + " missing or not a string");
    }

    private static long number(Map<?, ?> m, String key) throws IOException {
        Object v = m.get(key);
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        throw new IOException("metadata key " + key + " missing or not an unsigned integer");
    }

    private static int lastMarker(ByteBuffer buf) {
        byte[] marker = METADATA_MARKER;
        outer:
        for (int i = buf.limit() - marker.length; i >= 0; i--) {
            for (int j = 0; j < marker.length; j++) {
                if (buf.get(i + j) != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Decodes one value; unsigned integers come back as BigInteger. Pointers (MaxMind's own writer uses them in
     * metadata too) are relative to {@code base}, the first byte after the marker.
     */
    static Object decode(ByteBuffer in, int base) {
        int ctrl = in.get() & 0xFF;
        int type = ctrl >>> 5;
        if (type == MmdbType.POINTER) {
            int target = base + pointer(ctrl, in);
            int resume = in.position();
            in.position(target);
            Object value = decode(in, base);
            in.position(resume);
            return value;
        }
        if (type == 0) {
            type = 7 + (in.get() & 0xFF);
        }
        int size = ctrl & 0x1F;
        if (size == 29) {
            size = 29 + (in.get() & 0xFF);
        } else if (size == 30) {
            size = 285 + (in.getShort() & 0xFFFF);
        } else if (size == 31) {
            size = 65_821 + (((in.get() & 0xFF) << 16) | (in.getShort() & 0xFFFF));
        }
        switch (type) {
            case MmdbType.UTF8:
                return new String(bytes(in, size), StandardCharsets.UTF_8);
            case MmdbType.DOUBLE:
                return in.getDouble();
            case MmdbType.BYTES:
                return bytes(in, size);
            case MmdbType.UINT16, MmdbType.UINT32, MmdbType.UINT64, MmdbType.UINT128:
                return new BigInteger(1, bytes(in, size));
            case MmdbType.MAP: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    Object key = decode(in, base);
                    if (!(key instanceof String k)) {
                        throw new IllegalArgumentException("map key is not a string");
                    }
                    m.put(k, decode(in, base));
                }
                return m;
            }
            case MmdbType.INT32:
                return size == 0 ? 0 : new BigInteger(bytes(in, size)).intValue();
            case MmdbType.ARRAY: {
                List<Object> l = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    l.add(decode(in, base));
                }
                return l;
            }
            case MmdbType.BOOLEAN:
                return size != 0;
            case MmdbType.FLOAT:
                return in.getFloat();
            default:
                throw new IllegalArgumentException("unknown data type " + type);
        }
    }

    /** The spec's four pointer sizes: 11, 19, 27 or 32 bits, the middle two with an offset. */
    private static int pointer(int ctrl, ByteBuffer in) {
        int size = (ctrl >>> 3) & 0x3;
        int high = ctrl & 0x7;
        return switch (size) {
            case 0 -> (high << 8) | (in.get() & 0xFF);
            case 1 -> ((high << 16) | (in.getShort() & 0xFFFF)) + 2048;
            case 2 -> ((high << 24) | ((in.get() & 0xFF) << 16) | (in.getShort() & 0xFFFF)) + 526_336;
            default -> in.getInt();
        };
    }

    private static byte[] bytes(ByteBuffer in, int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }
}
