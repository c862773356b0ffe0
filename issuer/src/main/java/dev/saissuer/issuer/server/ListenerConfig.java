package dev.saissuer.issuer.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The public listener: address, port (0: any free one), idle timeout, the longest a client may take to send a
 * request head, the most connections it holds at once
 * (further ones wait in the kernel's accept queue), and, when {@code tls} is set, its certificate.
 */
public record ListenerConfig(
        String bindAddress, int port, Duration idleTimeout, Duration requestHeadTimeout, int maxConnections, Tls tls) {
    /** The certificate chain and private key files of the public listener, reloaded when they change. */
    public record Tls(Path certFile, Path keyFile) {}

    public String url(int boundPort) {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return (tls == null ? "http://" : "https://") + host + ":" + boundPort;
    }
}
