package org.ooni.analysis.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/**
 * {@code GET /feeds/global.xml}, {@code /feeds/by-country/CC.xml}, {@code /feeds/by-asn/ASn.xml}: the RSS files
 * {@code detect} writes into {@code [detector] feeds_dir}. Only names of those three shapes are served, and only from
 * regular files reached without a symbolic link (the feed is opened with {@code O_NOFOLLOW}, its subfolder must not
 * be a link), so no path can leave the folder, whatever is placed in it.
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
        Path file = dir.resolve(name);
        try {
            if (!file.getParent().equals(dir) && Files.isSymbolicLink(file.getParent())
                    || !Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                throw new ApiError(404, "feed " + name + " is not a regular file in the feeds folder; links are not "
                        + "followed");
            }
            try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                return new Response(200, "application/rss+xml; charset=utf-8", in.readAllBytes());
            }
        } catch (NoSuchFileException e) {
            throw new ApiError(404, "feed " + name + " does not exist (yet)");
        } catch (IOException e) {
            throw new ApiError(503, "feed " + name + " cannot be read");
        }
    }
}
