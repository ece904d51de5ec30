package org.ooni.analysis.geoip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test MMDB writer, checked against MaxMind's own reader (and our metadata decoder). */
class MmdbWriterTest {
    private static final Instant BUILT = Instant.parse("2026-11-02T00:00:00Z");

    @ParameterizedTest
    @ValueSource(ints = {24, 28, 32})
    void everyRecordSizeReadsBackWithMaxMindsReader(int recordSize, @TempDir Path dir) throws Exception {
        MmdbWriter w = new MmdbWriter("Test-ASN", recordSize, BUILT);
        w.insert("8.8.8.0/24", Map.of("autonomous_system_number", 15169L));
        w.insert("2001:4860::/32", Map.of("autonomous_system_number", 15169L));
        w.insert("10.0.0.0/8", Map.of("autonomous_system_number", 1L));
        // more specific network written after a wider one overrides that part only
        w.insert("10.1.0.0/16", Map.of("autonomous_system_number", 2L));
        Path file = dir.resolve("t.mmdb");
        w.write(file);
        try (Reader r = new Reader(file.toFile())) {
            assertEquals("Test-ASN", r.getMetadata().getDatabaseType());
            assertEquals(15169L, asn(r, "8.8.8.8"));
            assertEquals(15169L, asn(r, "2001:4860:4860::8888"));
            assertEquals(1L, asn(r, "10.200.0.1"));
            assertEquals(2L, asn(r, "10.1.2.3"));
            assertNull(r.get(InetAddress.getByName("8.8.4.4"), Map.class));
            assertNull(r.get(InetAddress.getByName("2001:db8::1"), Map.class));
            assertEquals(24, r.getRecord(InetAddress.getByName("8.8.8.8"), Map.class).getNetwork().getPrefixLength());
        }
        MmdbMetadata meta = MmdbMetadata.read(file);
        assertEquals(w.nodeCount(), meta.nodeCount());
        assertEquals(recordSize, meta.recordSize());
        assertEquals(6, meta.ipVersion());
        assertEquals(BUILT.getEpochSecond(), meta.buildEpoch());
        assertEquals("Test-ASN", meta.databaseType());
    }

    @Test
    void everyDataTypeAndSizeClassRoundTrips() throws Exception {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("utf8_short", "ü");
        record.put("utf8_29", "x".repeat(29));
        record.put("utf8_300", "y".repeat(300));
        record.put("utf8_70000", "z".repeat(70_000));
        record.put("double", 42.5);
        record.put("float", 1.5f);
        record.put("int32", -7);
        record.put("uint16", new MmdbEncoder.Uint16(65_535));
        record.put("uint32", 4_294_967_295L);
        record.put("uint32_zero", 0L);
        record.put("uint64", new MmdbEncoder.Uint64(-1L));
        record.put("uint128", new MmdbEncoder.Uint128(BigInteger.ONE.shiftLeft(127)));
        record.put("bool", true);
        record.put("bytes", new byte[] {1, 2, 3});
        record.put("array", List.of("a", 1L, List.of()));
        record.put("map", Map.of("nested", Map.of("k", "v")));
        byte[] db = TestDatabases.mmdb("Types", 28, BUILT, w -> w.insert("1.1.1.0/24", record));
        try (Reader r = new Reader(new ByteArrayInputStream(db))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> got = r.get(InetAddress.getByName("1.1.1.1"), Map.class);
            assertEquals("ü", got.get("utf8_short"));
            assertEquals("x".repeat(29), got.get("utf8_29"));
            assertEquals("y".repeat(300), got.get("utf8_300"));
            assertEquals("z".repeat(70_000), got.get("utf8_70000"));
            assertEquals(42.5, got.get("double"));
            assertEquals(1.5f, got.get("float"));
            assertEquals(-7, got.get("int32"));
            assertEquals(65_535, got.get("uint16"));
            assertEquals(4_294_967_295L, got.get("uint32"));
            assertEquals(0L, got.get("uint32_zero"));
            assertEquals(new BigInteger("18446744073709551615"), got.get("uint64"));
            assertEquals(BigInteger.ONE.shiftLeft(127), got.get("uint128"));
            assertEquals(true, got.get("bool"));
            assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) got.get("bytes"));
            assertEquals(List.of("a", 1L, List.of()), got.get("array"));
            assertEquals(Map.of("nested", Map.of("k", "v")), got.get("map"));
        }
    }

    @Test
    void refusesARecordSizeTooSmallForTheData() {
        MmdbWriter w = new MmdbWriter("Big", 24, BUILT);
        w.insert("1.0.0.0/8", Map.of("blob", new byte[1 << 24]));
        assertThrows(IllegalStateException.class, () -> w.write(java.io.OutputStream.nullOutputStream()));
    }

    @Test
    void metadataReaderRefusesAFileWithoutMarker(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.mmdb");
        Files.write(file, new byte[1000]);
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> MmdbMetadata.read(file));
        assertEquals("no metadata marker in the last 131072 bytes", e.getMessage());
    }

    @Test
    void metadataDecoderFollowsPointersRelativeToTheMetadataStart() {
        // "abc" at offset 0, then a map {"k": pointer to offset 0}, as MaxMind's writer shares strings
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        MmdbEncoder.encode("abc", out);
        int mapAt = out.size();
        MmdbEncoder.control(MmdbType.MAP, 1, out);
        MmdbEncoder.encode("k", out);
        out.write(MmdbType.POINTER << 5);
        out.write(0);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(out.toByteArray());
        buf.position(mapAt);
        assertEquals(Map.of("k", "abc"), MmdbMetadata.decode(buf, 0));
        assertEquals(out.size(), buf.position(), "decoding resumes after the pointer");
    }

    private static long asn(Reader r, String ip) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> rec = r.get(InetAddress.getByName(ip), Map.class);
        return ((Number) rec.get("autonomous_system_number")).longValue();
    }
}
