package dev.saissuer.issuer.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Prometheus metrics through Micrometer: requests by route and status, reloads by result, and the key timeline. */
final class IssuerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Integer, Counter> requests = new ConcurrentHashMap<>();
    private final Map<KeyReloader.Result, Counter> reloads = new ConcurrentHashMap<>();

    void countRequest(Route route, int status) {
        requests.computeIfAbsent(route.ordinal() * 1000 + status, k -> Counter.builder("sa_issuer_http_requests")
                .description("HTTP requests by route and status")
                .tag("route", route.name().toLowerCase(java.util.Locale.ROOT))
                .tag("status", Integer.toString(status))
                .register(registry)).increment();
    }

    void countReload(KeyReloader.Result result) {
        reloads.computeIfAbsent(result, r -> Counter.builder("sa_issuer_reloads")
                .description("Key source reloads by result: changed, unchanged or failed (a source could not be read)")
                .tag("result", r.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)).increment();
    }

    /** Gauges read the published snapshot when scraped; nothing is updated on the request path. */
    void bind(KeyReloader reloader, Supplier<Instant> clock) {
        Gauge.builder("sa_issuer_published_keys", () -> count(reloader, true) + count(reloader, false))
                .description("Keys in the published JWKS").register(registry);
        Gauge.builder("sa_issuer_retained_keys", () -> count(reloader, false))
                .description("Published keys no longer in the sources, kept for the retention window").register(registry);
        Gauge.builder("sa_issuer_failing_sources", () -> reloader.current().sources().stream().filter(s -> !s.healthy()).count())
                .description("Key sources whose last read failed (their last good keys stay published)").register(registry);
        Gauge.builder("sa_issuer_last_successful_reload_timestamp_seconds", () -> reloader.lastSuccessfulReload().getEpochSecond())
                .description("When every key source was last read successfully").register(registry);
        Gauge.builder("sa_issuer_state_persist_failing", () -> reloader.persistError() == null ? 0 : 1)
                .description("1 while the key timeline cannot be saved to --state-dir").register(registry);
        Gauge.builder("sa_issuer_next_retirement_seconds", () -> StatusReport.nextRetirement(reloader)
                        .map(at -> (double) Duration.between(clock.get(), at).toSeconds()).orElse(Double.NaN))
                .description("Seconds until the next retained key is dropped (NaN when none is retained)").register(registry);
        Gauge.builder("sa_issuer_signing_key_published_seconds", () -> StatusReport.signingKeyPublishedSince(reloader)
                        .map(at -> (double) Duration.between(at, clock.get()).toSeconds()).orElse(Double.NaN))
                .description("How long the signing key's public half has been published (NaN without a signing key)")
                .register(registry);
    }

    byte[] scrape() {
        return registry.scrape().getBytes(StandardCharsets.UTF_8);
    }

    private static long count(KeyReloader reloader, boolean current) {
        return reloader.current().timeline().stream().filter(e -> e.current() == current).count();
    }
}
