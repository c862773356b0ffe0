package dev.saissuer.issuer.server;

/** The admin listener (health, metrics, status): loopback by default, never the public listener. */
public record AdminConfig(String bindAddress, int port) {}
