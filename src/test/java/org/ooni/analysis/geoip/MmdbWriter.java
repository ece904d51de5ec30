package org.ooni.analysis.geoip;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes MaxMind DB files from the public format spec: an IPv6 binary search tree (IPv4 networks live under
 * {@code ::/96}) with 24-, 28- or 32-bit records, 16 zero bytes, the data section, then the metadata marker and map.
 * The tests use it to make databases whose lookups they control; the benchmark uses it to make a large one.
 * Networks are applied in insertion order: a later network overrides the part of an earlier one it covers.
 */
final class MmdbWriter {
    private static final int EMPTY = -1;

    private final String databaseType;
    private final int recordSize;
    private final Instant buildTime;
    private int[] left = new int[1024];
    private int[] right = new int[1024];
    private int nodeCount = 1;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final Map<Object, Integer> offsets = new HashMap<>();

    MmdbWriter(String databaseType, int recordSize, Instant buildTime) {
        if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
            throw new IllegalArgumentException("record size must be 24, 28 or 32, not " + recordSize);
        }
        this.databaseType = databaseType;
        this.recordSize = recordSize;
        this.buildTime = buildTime;
        left[0] = EMPTY;
        right[0] = EMPTY;
    }

    /** Adds a network in CIDR notation ({@code 1.2.3.0/24}, {@code 2001:db8::/32}) holding {@code record}. */
    MmdbWriter insert(String cidr, Map<String, ?> record) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not CIDR: " + cidr);
        }
        try {
            return insert(InetAddress.getByName(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)),
                    record);
        } catch (IOException e) {
            throw new IllegalArgumentException("not CIDR: " + cidr, e);
        }
    }

    MmdbWriter insert(InetAddress address, int prefixLength, Map<String, ?> record) {
        byte[] bits = new byte[16];
        int prefix = prefixLength;
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address) {
            System.arraycopy(raw, 0, bits, 12, 4);
            prefix += 96;
        } else {
            bits = raw;
        }
        if (prefix < 1 || prefix > 128 || (address instanceof Inet4Address && prefixLength > 32)) {
            throw new IllegalArgumentException("bad prefix length " + prefixLength + " for " + address);
        }
        int ref = dataRef(record);
        int node = 0;
        for (int i = 0; i < prefix; i++) {
            int bit = (bits[i >>> 3] >>> (7 - (i & 7))) & 1;
            if (i == prefix - 1) {
                setChild(node, bit, ref);
                break;
            }
            int child = child(node, bit);
            if (child < 0) {
                // an empty slot, or a shorter network's data that the new node's other half keeps
                int created = newNode(child, child);
                setChild(node, bit, created);
                node = created;
            } else {
                node = child;
            }
        }
        return this;
    }

    int nodeCount() {
        return nodeCount;
    }

    void write(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out);
        }
    }

    void write(OutputStream out) throws IOException {
        long dataSize = data.size();
        long largest = (long) nodeCount + 16 + dataSize;
        if (largest >= (1L << recordSize)) {
            throw new IllegalStateException("a " + recordSize + "-bit record cannot point at " + largest);
        }
        int nodeBytes = recordSize / 4;
        byte[] node = new byte[nodeBytes];
        for (int i = 0; i < nodeCount; i++) {
            encodeNode(resolve(left[i]), resolve(right[i]), node);
            out.write(node);
        }
        out.write(new byte[16]);
        data.writeTo(out);
        out.write(MmdbMetadata.METADATA_MARKER);
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        MmdbEncoder.encode(metadata(), meta);
        meta.writeTo(out);
    }

    private Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("binary_format_major_version", new MmdbEncoder.Uint16(2));
        m.put("binary_format_minor_version", new MmdbEncoder.Uint16(0));
        m.put("build_epoch", new MmdbEncoder.Uint64(buildTime.getEpochSecond()));
        m.put("database_type", databaseType);
        m.put("description", Map.of("en", "written by ooni-analysis MmdbWriter"));
        m.put("ip_version", new MmdbEncoder.Uint16(6));
        m.put("languages", List.of("en"));
        m.put("node_count", (long) nodeCount);
        m.put("record_size", new MmdbEncoder.Uint16(recordSize));
        return m;
    }

    /** The spec's record layouts; with 28 bits the middle byte's high nibble belongs to the left record. */
    private void encodeNode(long l, long r, byte[] out) {
        switch (recordSize) {
            case 24 -> {
                put(out, 0, l, 3);
                put(out, 3, r, 3);
            }
            case 28 -> {
                put(out, 0, l & 0xFF_FFFF, 3);
                out[3] = (byte) (((l >>> 24) & 0x0F) << 4 | ((r >>> 24) & 0x0F));
                put(out, 4, r & 0xFF_FFFF, 3);
            }
            default -> {
                put(out, 0, l, 4);
                put(out, 4, r, 4);
            }
        }
    }

    private static void put(byte[] out, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out[at + i] = (byte) (value >>> (8 * (bytes - 1 - i)));
        }
    }

    private long resolve(int child) {
        if (child >= 0) {
            return child;
        }
        if (child == EMPTY) {
            return nodeCount;
        }
        return (long) nodeCount + 16 + (-(long) child - 2);
    }

    private int dataRef(Map<String, ?> record) {
        Integer offset = offsets.get(record);
        if (offset == null) {
            offset = data.size();
            MmdbEncoder.encode(record, data);
            offsets.put(record, offset);
        }
        return -(offset + 2);
    }

    private int newNode(int l, int r) {
        if (nodeCount == left.length) {
            left = Arrays.copyOf(left, left.length * 2);
            right = Arrays.copyOf(right, right.length * 2);
        }
        left[nodeCount] = l;
        right[nodeCount] = r;
        return nodeCount++;
    }

    private int child(int node, int bit) {
        return bit == 0 ? left[node] : right[node];
    }

    private void setChild(int node, int bit, int value) {
        if (bit == 0) {
            left[node] = value;
        } else {
            right[node] = value;
        }
    }
}
