package org.ooni.analysis.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code GET /feeds/global.xml}, {@code /feeds/by-country/CC.xml}, {@code /feeds/by-asn/ASn.xml}: the RSS files
 * {@code detect} writes into {@code [detector] feeds_dir}. Only names of those three shapes are served, so no path
 * can leave the folder.
 */
final class FeedsEndpoint implements Endpoint {
    static final String PREFIX = "/feeds/";
    private static final Pattern NAME = Pattern.compile("global|by-country/[A-Z]{2}|by-asn/AS[0-9]{1,10}");
    private final Path dir;

    /** @param dir the feeds folder, or null when the detector writes no feeds (every feed is then 404) */
    FeedsEndpoint(Path dir) {
        this.dir = dir;
    }

    @Override
    public Response handle(Request request) {
        String name = request.path().substring(PREFIX.length());
        if (!name.endsWith(".xml") || !NAME.matcher(name.substring(0, name.length() - 4)).matches()) {
            throw new ApiError(404, "no such feed; feeds are global.xml, by-country/CC.xml and by-asn/ASn.xml");
        }
        if (dir == null) {
            throw new ApiError(404, "no feeds: [detector] feeds_dir is not set");
        }
        try {
            return new Response(200, "application/rss+xml; charset=utf-8", Files.readAllBytes(dir.resolve(name)));
        } catch (NoSuchFileException e) {
            throw new ApiError(404, "feed " + name + " does not exist (yet)");
        } catch (IOException e) {
            throw new ApiError(503, "feed " + name + " cannot be read");
        }
    }
}
