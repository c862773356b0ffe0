package dev.saissuer.issuer.storage;

import java.net.URI;
import java.util.Map;

/**
 * How to reach a store beyond its location: an endpoint for S3-compatible stores and Azurite (S3 then uses
 * path-style addressing), an AWS region, and the environment the Azure settings are read from (the AWS SDK
 * reads its own chain: environment, system properties, profile, web identity, container and instance roles).
 */
public record StoreOptions(URI endpoint, String region, Map<String, String> environment) {
    public StoreOptions {
        environment = Map.copyOf(environment);
    }
}
