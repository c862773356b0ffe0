package dev.saissuer.issuer.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Prometheus metrics through Micrometer: requests by route and status, reloads by result, and the key timeline.
 * Counting starts with the process, in plain adders; the Micrometer registry (some 150 classes) is built at the
 * first scrape and reads those adders, so it costs nothing before the first document is served.
 */
final class IssuerMetrics {
    private final Map<Integer, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<KeyReloader.Result, LongAdder> reloads = new ConcurrentHashMap<>();
    private volatile KeyReloader reloader;
    private volatile Supplier<Instant> clock;
    private PrometheusMeterRegistry registry; // guarded by this

    void countRequest(Route route, int status) {
        LongAdder counter = requests.get(route.ordinal() * 1000 + status);
        (counter == null ? newRequestCounter(route, status) : counter).increment();
    }

    void countReload(KeyReloader.Result result) {
        LongAdder counter = reloads.get(result);
        (counter == null ? newReloadCounter(result) : counter).increment();
    }

    /** The key timeline gauges read the published snapshot when scraped; nothing is updated on the request path. */
    void bind(KeyReloader keyReloader, Supplier<Instant> now) {
        this.reloader = keyReloader;
        this.clock = now;
    }

    byte[] scrape() {
        return registry().scrape().getBytes(StandardCharsets.UTF_8);
    }

    private synchronized LongAdder newRequestCounter(Route route, int status) {
        return requests.computeIfAbsent(route.ordinal() * 1000 + status, key -> {
            LongAdder counter = new LongAdder();
            if (registry != null) {
                registerRequests(registry, route, status, counter);
            }
            return counter;
        });
    }

    private synchronized LongAdder newReloadCounter(KeyReloader.Result result) {
        return reloads.computeIfAbsent(result, key -> {
            LongAdder counter = new LongAdder();
            if (registry != null) {
                registerReloads(registry, result, counter);
            }
            return counter;
        });
    }

    private synchronized PrometheusMeterRegistry registry() {
        if (registry == null) {
            PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Route[] routes = Route.values();
            requests.forEach((key, counter) -> registerRequests(created, routes[key / 1000], key % 1000, counter));
            reloads.forEach((result, counter) -> registerReloads(created, result, counter));
            if (reloader != null) {
                registerGauges(created, reloader, clock);
            }
            registry = created;
        }
        return registry;
    }

    private static void registerRequests(PrometheusMeterRegistry registry, Route route, int status, LongAdder counter) {
        FunctionCounter.builder("sa_issuer_http_requests", counter, LongAdder::doubleValue)
                .description("HTTP requests by route and status")
                .tag("route", route.name().toLowerCase(Locale.ROOT))
                .tag("status", Integer.toString(status))
                .register(registry);
    }

    private static void registerReloads(
            PrometheusMeterRegistry registry, KeyReloader.Result result, LongAdder counter) {
        FunctionCounter.builder("sa_issuer_reloads", counter, LongAdder::doubleValue)
                .description("Key source reloads by result: changed, unchanged or failed (a source could not be read)")
                .tag("result", result.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    private static void registerGauges(
            PrometheusMeterRegistry registry, KeyReloader reloader, Supplier<Instant> clock) {
        Gauge.builder("sa_issuer_published_keys", () -> count(reloader, true) + count(reloader, false))
                .description("Keys in the published JWKS")
                .register(registry);
        Gauge.builder("sa_issuer_retained_keys", () -> count(reloader, false))
                .description("Published keys no longer in the sources, kept for the retention window")
                .register(registry);
        Gauge.builder("sa_issuer_failing_sources", () -> reloader.current().sources().stream()
                        .filter(s -> !s.healthy())
                        .count())
                .description("Key sources whose last read failed (their last good keys stay published)")
                .register(registry);
        Gauge.builder("sa_issuer_last_successful_reload_timestamp_seconds", () -> reloader.lastSuccessfulReload()
                        .getEpochSecond())
                .description("When every key source was last read successfully")
                .register(registry);
        Gauge.builder("sa_issuer_state_persist_failing", () -> reloader.persistError() == null ? 0 : 1)
                .description("1 while the key timeline cannot be saved to --state-dir")
                .register(registry);
        Gauge.builder("sa_issuer_next_retirement_seconds", () -> StatusReport.nextRetirement(reloader)
                        .map(at -> (double) Duration.between(clock.get(), at).toSeconds())
                        .orElse(Double.NaN))
                .description("Seconds until the next retained key is dropped (NaN when none is retained)")
                .register(registry);
        Gauge.builder("sa_issuer_signing_key_published_seconds", () -> StatusReport.signingKeyPublishedSince(reloader)
                        .map(at -> (double) Duration.between(at, clock.get()).toSeconds())
                        .orElse(Double.NaN))
                .description("How long the signing key's public half has been published (NaN without a signing key)")
                .register(registry);
    }

    private static long count(KeyReloader reloader, boolean current) {
        return reloader.current().timeline().stream()
                .filter(e -> e.current() == current)
                .count();
    }
}
