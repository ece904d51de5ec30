package org.ooni.analysis.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.ooni.analysis.detector.CusumParams;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.runs.ScheduleSettings;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;

/**
 * What the API serves from: the open store (read-only), the GeoIP folder, the feeds folder (null for none), the
 * jobs and schedules {@code /health} checks, the registry {@code /metrics} scrapes, and the detector's CUSUM
 * parameters the evidence page replays.
 */
public record ApiContext(ApiSettings settings, Warehouse warehouse, StoreUrl.Kind storeKind, Path geoipDir,
                         Path feedsDir, int groupWindowHours, List<String> jobs, ScheduleSettings schedules,
                         Clock clock, PrometheusMeterRegistry registry, Log log, CusumParams cusum) {
    /** With the default CUSUM parameters. */
    public ApiContext(ApiSettings settings, Warehouse warehouse, StoreUrl.Kind storeKind, Path geoipDir,
                      Path feedsDir, int groupWindowHours, List<String> jobs, ScheduleSettings schedules,
                      Clock clock, PrometheusMeterRegistry registry, Log log) {
        this(settings, warehouse, storeKind, geoipDir, feedsDir, groupWindowHours, jobs, schedules, clock, registry,
                log, CusumParams.DEFAULTS);
    }
}
