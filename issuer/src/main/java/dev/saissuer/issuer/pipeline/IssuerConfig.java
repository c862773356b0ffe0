package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.IssuerUrl;
import java.net.URI;

/** What is published about the issuer itself: its URL, exactly as tokens carry it, and the jwks_uri. */
public record IssuerConfig(IssuerUrl issuer, URI jwksUri) {}
