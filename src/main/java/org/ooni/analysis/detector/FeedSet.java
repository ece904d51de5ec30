package org.ooni.analysis.detector;

/** What a feed run wrote: the number of feed files and of items across them. */
public record FeedSet(int files, long items) {
}
