package org.ooni.analysis.geoip;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.fetch.HttpFetcher;

/**
 * Downloads one gzip-compressed file through {@link HttpFetcher} (which caps the compressed size) and streams the
 * decompressed bytes into a file, failing once they pass {@code maxDecompressedBytes}. Memory use is one buffer.
 */
final class GzipDownload {
    private static final int BUFFER = 64 * 1024;

    private final HttpFetcher fetcher;
    private final long maxDecompressedBytes;

    GzipDownload(HttpFetcher fetcher, long maxDecompressedBytes) {
        this.fetcher = fetcher;
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    /**
     * Writes the decompressed body of {@code url} into {@code target} and returns its size, or empty when the server
     * answers 404 (the month's file is not published yet). Other HTTP failures throw {@link SourceUnavailable};
     * broken gzip or a body over the cap throws {@link InvalidInput}.
     */
    OptionalLong fetchTo(DbKind kind, String url, Path target) {
        try {
            return OptionalLong.of(fetcher.fetch(url, body -> decompress(kind, url, body, target)));
        } catch (SourceUnavailable e) {
            if (e.httpStatus() == 404) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /** Each retry starts here again from an empty target. */
    long decompress(DbKind kind, String url, InputStream body, Path target) throws IOException {
        WatchedSource source = new WatchedSource(body);
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            GZIPInputStream gzip;
            try {
                gzip = new GZIPInputStream(source, BUFFER);
            } catch (IOException e) {
                throw formatOrSource(kind, url, source, e);
            }
            byte[] buf = new byte[BUFFER];
            long total = 0;
            while (true) {
                int n;
                try {
                    n = gzip.read(buf);
                } catch (IOException e) {
                    throw formatOrSource(kind, url, source, e);
                }
                if (n < 0) {
                    return total;
                }
                total += n;
                if (total > maxDecompressedBytes) {
                    throw MmdbValidator.failed(url, kind, "decompressed size", "more than "
                            + maxDecompressedBytes + " bytes (the cap, max_decompressed_bytes)");
                }
                write(out, buf, n, target);
            }
        }
    }

    private static void write(OutputStream out, byte[] buf, int n, Path target) {
        try {
            out.write(buf, 0, n);
        } catch (IOException e) {
            throw new StoreError("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * An error of the network (the raw body failed) stays an IOException so the fetcher retries it; an error of the
     * gzip data itself is bad input that no retry will fix.
     */
    private static IOException formatOrSource(DbKind kind, String url, WatchedSource source, IOException e) {
        if (source.failed) {
            return e;
        }
        String what = e instanceof EOFException ? "stream ends early (truncated file)"
                : "not valid gzip data (" + e.getMessage() + ")";
        throw MmdbValidator.failed(url, kind, "gzip", what);
    }

    /** Remembers whether the underlying body itself threw. */
    private static final class WatchedSource extends FilterInputStream {
        private boolean failed;

        WatchedSource(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }
}
