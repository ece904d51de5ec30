package org.ooni.analysis.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.ooni.analysis.detector.Changepoint;

/**
 * Draws one signal of one network as inline SVG, on the server: on top the hourly median score (line, 0..1) over
 * the measurement counts (bars), below the CUSUM sums S+ and S- against the threshold h (dashed), and a vertical
 * marker at every stored changepoint ({@code class="cp up|down"}, {@code data-ts}, {@code data-dir}). Styled only
 * by classes, so the page's Content-Security-Policy needs no inline style; every text goes through {@link Html}.
 */
final class EvidenceChart {
    static final int WIDTH = 720;
    static final int HEIGHT = 190;
    private static final double LEFT = 44;
    private static final double RIGHT = 8;
    private static final double SCORE_TOP = 16;
    private static final double SCORE_BOTTOM = 84;
    private static final double SUM_TOP = 100;
    private static final double SUM_BOTTOM = 166;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);

    private final Instant since;
    private final double seconds;

    EvidenceChart(Instant since, Instant until) {
        this.since = since;
        this.seconds = Duration.between(since, until).getSeconds();
    }

    String svg(long asn, Evidence.Series s, double h) {
        List<Evidence.Point> points = s.points();
        StringBuilder b = new StringBuilder(4096 + points.size() * 64);
        String label = s.signal().label() + " in AS" + asn;
        b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" data-asn=\"").append(asn).append("\" data-signal=\"")
                .append(Html.text(s.signal().label())).append("\" data-h=\"").append(num(h)).append("\"><title>")
                .append(Html.text(label + ": hourly median score and measurements, CUSUM sums against h"))
                .append("</title>");
        axes(b, h);
        int maxW = points.stream().mapToInt(Evidence.Point::w).max().orElse(1);
        double maxSum = h * 1.25;
        for (Evidence.Point p : points) {
            maxSum = Math.max(maxSum, Math.max(p.sPos(), p.sNeg()));
        }
        b.append("<text class=\"label\" x=\"").append(num(LEFT - 4)).append("\" y=\"").append(num(SCORE_BOTTOM))
                .append("\" text-anchor=\"end\">0</text><text class=\"label count\" x=\"").append(WIDTH - RIGHT)
                .append("\" y=\"").append(num(SCORE_TOP - 4)).append("\" text-anchor=\"end\">")
                .append(Html.text("bars: measurements, max " + maxW)).append("</text>");
        bars(b, points, maxW);
        line(b, "score", points, p -> p.y(), 1, SCORE_TOP, SCORE_BOTTOM);
        double top = maxSum;
        line(b, "spos", points, Evidence.Point::sPos, top, SUM_TOP, SUM_BOTTOM);
        line(b, "sneg", points, Evidence.Point::sNeg, top, SUM_TOP, SUM_BOTTOM);
        double yh = y(h, top, SUM_TOP, SUM_BOTTOM);
        b.append("<line class=\"threshold\" x1=\"").append(num(LEFT)).append("\" x2=\"").append(num(WIDTH - RIGHT))
                .append("\" y1=\"").append(num(yh)).append("\" y2=\"").append(num(yh)).append("\"/>")
                .append("<text class=\"label\" x=\"").append(num(LEFT - 4)).append("\" y=\"").append(num(yh + 3))
                .append("\" text-anchor=\"end\">h ").append(num(h)).append("</text>");
        for (Changepoint c : s.stored()) {
            double x = x(c.ts().plusSeconds(1800));
            String dir = c.direction() > 0 ? "up" : "down";
            b.append("<line class=\"cp ").append(dir).append("\" data-ts=\"").append(c.ts()).append("\" data-dir=\"")
                    .append(c.direction()).append("\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x))
                    .append("\" y1=\"").append(num(SCORE_TOP)).append("\" y2=\"").append(num(SUM_BOTTOM)).append("\">")
                    .append("<title>").append(Html.text((c.direction() > 0 ? "blocking started " : "blocking ended ")
                            + PageFormat.plain(c.ts()) + " UTC: S+ " + num(c.sPos()) + ", S- " + num(c.sNeg())
                            + ", h " + num(c.h()))).append("</title></line>");
        }
        return b.append("</svg>").toString();
    }

    private void axes(StringBuilder b, double h) {
        b.append("<rect class=\"panel\" x=\"").append(num(LEFT)).append("\" y=\"").append(num(SCORE_TOP))
                .append("\" width=\"").append(num(WIDTH - LEFT - RIGHT)).append("\" height=\"")
                .append(num(SCORE_BOTTOM - SCORE_TOP)).append("\"/>");
        b.append("<rect class=\"panel\" x=\"").append(num(LEFT)).append("\" y=\"").append(num(SUM_TOP))
                .append("\" width=\"").append(num(WIDTH - LEFT - RIGHT)).append("\" height=\"")
                .append(num(SUM_BOTTOM - SUM_TOP)).append("\"/>");
        b.append("<text class=\"label\" x=\"").append(num(LEFT - 4)).append("\" y=\"").append(num(SCORE_TOP + 4))
                .append("\" text-anchor=\"end\">1</text>");
        b.append("<text class=\"label\" x=\"").append(num(LEFT + 2)).append("\" y=\"").append(num(SCORE_TOP - 4))
                .append("\">score</text><text class=\"label\" x=\"").append(num(LEFT + 2)).append("\" y=\"")
                .append(num(SUM_TOP - 4)).append("\">CUSUM S+ (blocking) and S- (clearing)</text>");
        long days = Math.max(1, Math.round(seconds / 86400));
        long step = Math.max(1, (days + 6) / 7);
        Instant first = since.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        if (first.isBefore(since)) {
            first = first.plus(Duration.ofDays(1));
        }
        for (Instant t = first; Duration.between(since, t).getSeconds() <= seconds; t = t.plus(Duration.ofDays(step))) {
            double x = x(t);
            b.append("<line class=\"grid\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"")
                    .append(num(SCORE_TOP)).append("\" y2=\"").append(num(SUM_BOTTOM)).append("\"/>")
                    .append("<text class=\"label\" x=\"").append(num(x)).append("\" y=\"").append(HEIGHT - 8)
                    .append("\" text-anchor=\"middle\">").append(DAY.format(t)).append("</text>");
        }
    }

    private void bars(StringBuilder b, List<Evidence.Point> points, int maxW) {
        double width = Math.max(0.5, (WIDTH - LEFT - RIGHT) * 3600 / seconds * 0.8);
        StringBuilder d = new StringBuilder();
        for (Evidence.Point p : points) {
            double height = (SCORE_BOTTOM - SCORE_TOP) * p.w() / maxW;
            d.append('M').append(num(x(p.hour()) + width * 0.1)).append(' ').append(num(SCORE_BOTTOM)).append('v')
                    .append(num(-height)).append('h').append(num(width)).append('v').append(num(height)).append('z');
        }
        b.append("<path class=\"counts\" d=\"").append(d).append("\"/>");
    }

    /** A polyline broken wherever an hour has no cell, so gaps show as gaps. */
    private void line(StringBuilder b, String cls, List<Evidence.Point> points,
                      java.util.function.ToDoubleFunction<Evidence.Point> value, double top, double y0, double y1) {
        StringBuilder d = new StringBuilder();
        Instant previous = null;
        for (Evidence.Point p : points) {
            double x = x(p.hour().plusSeconds(1800));
            double y = y(value.applyAsDouble(p), top, y0, y1);
            boolean joined = previous != null && Duration.between(previous, p.hour()).getSeconds() == 3600;
            d.append(joined ? 'L' : 'M').append(num(x)).append(' ').append(num(y));
            if (!joined) {
                d.append("l0 0");
            }
            previous = p.hour();
        }
        b.append("<path class=\"").append(cls).append("\" d=\"").append(d).append("\"/>");
    }

    private double x(Instant t) {
        return LEFT + (WIDTH - LEFT - RIGHT) * Duration.between(since, t).getSeconds() / seconds;
    }

    private static double y(double v, double top, double y0, double y1) {
        double clipped = Double.isNaN(v) ? 0 : Math.max(0, Math.min(top, v));
        return y1 - (y1 - y0) * clipped / top;
    }

    /** Two decimals at most, without trailing zeros; by hand, as String.format is slow for ~20,000 numbers a page. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "0";
        }
        long hundredths = Math.round(v * 100);
        StringBuilder b = new StringBuilder(12);
        if (hundredths < 0) {
            b.append('-');
            hundredths = -hundredths;
        }
        b.append(hundredths / 100);
        long frac = hundredths % 100;
        if (frac != 0) {
            b.append('.').append(frac / 10);
            if (frac % 10 != 0) {
                b.append(frac % 10);
            }
        }
        return b.toString();
    }
}
