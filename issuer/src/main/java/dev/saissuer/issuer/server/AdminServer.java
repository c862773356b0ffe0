package dev.saissuer.issuer.server;

import dev.saissuer.issuer.pipeline.PublishedState;
import dev.saissuer.issuer.pipeline.RotationConfig;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The admin listener on its own, for commands with no public listener ({@code publish --watch}): health,
 * readiness (a state has been published), metrics and status of the states it is given.
 */
public final class AdminServer implements AutoCloseable {
    private final AdminListener listener;

    private AdminServer(AdminListener listener) {
        this.listener = listener;
    }

    public static AdminServer start(
            AdminConfig config, RotationConfig rotation, Supplier<PublishedState> states, Clock clock) {
        IssuerMetrics metrics = new IssuerMetrics(states, clock::instant);
        AdminListener listener = new AdminListener(
                config, states, metrics, () -> StatusReport.render(states.get(), rotation, clock.instant()));
        listener.start();
        return new AdminServer(listener);
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
    }
}
