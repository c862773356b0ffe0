package dev.saissuer.issuer.server;

import dev.saissuer.issuer.pipeline.PublishedState;
import dev.saissuer.issuer.pipeline.ReloadCounts;
import dev.saissuer.issuer.pipeline.SourceHealth;
import dev.saissuer.keys.KeyTimeline;
import dev.saissuer.keys.PublishedKey;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics through Micrometer: requests by route and status (counted by the listeners), and
 * everything else read from the current published state when scraped. Requests are counted in plain adders
 * from the start; the Micrometer registry (some 150 classes) is built at the first scrape and reads them, so it
 * costs nothing before the first document is served.
 */
final class IssuerMetrics {
    private final Map<Integer, LongAdder> requests = new ConcurrentHashMap<>();
    private final Supplier<PublishedState> states;
    private final Supplier<Instant> clock;
    private PrometheusMeterRegistry registry; // guarded by this

    IssuerMetrics(Supplier<PublishedState> states, Supplier<Instant> clock) {
        this.states = states;
        this.clock = clock;
    }

    void countRequest(Route route, int status) {
        LongAdder counter = requests.get(route.ordinal() * 1000 + status);
        (counter == null ? newRequestCounter(route, status) : counter).increment();
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

    private synchronized PrometheusMeterRegistry registry() {
        if (registry == null) {
            PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Route[] routes = Route.values();
            requests.forEach((key, counter) -> registerRequests(created, routes[key / 1000], key % 1000, counter));
            registerState(created);
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

    private void registerState(PrometheusMeterRegistry registry) {
        reloads(registry, "changed", ReloadCounts::changed);
        reloads(registry, "unchanged", ReloadCounts::unchanged);
        reloads(registry, "failed", ReloadCounts::failed);
        gauge(registry, "sa_issuer_published_keys", "Keys in the published JWKS", s -> s.keys()
                .size());
        gauge(
                registry,
                "sa_issuer_retained_keys",
                "Published keys no longer in the sources, kept for the retention window",
                s -> s.keys().stream().filter(k -> !k.current()).count());
        gauge(
                registry,
                "sa_issuer_failing_sources",
                "Key sources whose last read failed (their last good keys stay published)",
                PublishedState::failingSources);
        gauge(
                registry,
                "sa_issuer_last_successful_reload_timestamp_seconds",
                "When every key source was last read successfully",
                s -> seconds(Optional.ofNullable(s.lastSuccessfulReload()), Instant::getEpochSecond));
        gauge(
                registry,
                "sa_issuer_state_persist_failing",
                "1 while the key timeline cannot be saved to its store",
                s -> s.persistError() == null ? 0 : 1);
        gauge(
                registry,
                "sa_issuer_next_retirement_seconds",
                "Seconds until the next retained key is dropped (NaN when none is retained)",
                s -> seconds(KeyTimeline.nextRetirement(s.keys()), at -> Duration.between(clock.get(), at)
                        .toSeconds()));
        gauge(
                registry,
                "sa_issuer_newest_key_safe_to_sign_seconds",
                "Seconds until the newest published key is safe to sign with (negative: safe since)",
                s -> seconds(
                        s.keys().stream().map(PublishedKey::safeToSignFrom).max(Instant::compareTo),
                        at -> Duration.between(clock.get(), at).toSeconds()));
        gauge(
                registry,
                "sa_issuer_signing_key_published_seconds",
                "How long the signing key's public half has been published (NaN without a signing key)",
                s -> seconds(
                        s.keys().stream()
                                .filter(k -> s.signingKids().contains(k.kid()))
                                .map(PublishedKey::firstPublished)
                                .findFirst(),
                        at -> Duration.between(at, clock.get()).toSeconds()));
        PublishedState first = states.get();
        if (first != null) {
            for (SourceHealth source : first.sources()) {
                String name = source.name();
                Gauge.builder("sa_issuer_source_up", () -> sourceValue(name, s -> s.healthy() ? 1 : 0))
                        .description("1 when the key source's last read succeeded")
                        .tag("source", name)
                        .register(registry);
                Gauge.builder(
                                "sa_issuer_source_last_success_age_seconds",
                                () -> sourceValue(
                                        name,
                                        s -> seconds(Optional.ofNullable(s.lastSuccess()), at -> Duration.between(
                                                        at, clock.get())
                                                .toSeconds())))
                        .description("Seconds since the key source was last read successfully")
                        .tag("source", name)
                        .register(registry);
            }
        }
    }

    private void reloads(PrometheusMeterRegistry registry, String result, ToDoubleFunction<ReloadCounts> count) {
        FunctionCounter.builder("sa_issuer_reloads", this, m -> {
                    PublishedState s = m.states.get();
                    return s == null ? 0 : count.applyAsDouble(s.reloads());
                })
                .description("Key source reloads by result: changed, unchanged or failed (a source could not be read)")
                .tag("result", result)
                .register(registry);
    }

    private void gauge(
            PrometheusMeterRegistry registry, String name, String description, ToDoubleFunction<PublishedState> f) {
        Gauge.builder(name, () -> {
                    PublishedState s = states.get();
                    return s == null ? Double.NaN : f.applyAsDouble(s);
                })
                .description(description)
                .register(registry);
    }

    private double sourceValue(String name, ToDoubleFunction<SourceHealth> f) {
        PublishedState s = states.get();
        if (s == null) {
            return Double.NaN;
        }
        return s.sources().stream()
                .filter(h -> h.name().equals(name))
                .mapToDouble(f)
                .findFirst()
                .orElse(Double.NaN);
    }

    private static double seconds(Optional<Instant> at, Function<Instant, Long> f) {
        return at.map(i -> (double) f.apply(i)).orElse(Double.NaN);
    }
}
