package dev.saissuer.keys;

import java.net.URI;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The OpenID Provider Metadata (OpenID Connect Discovery 1.0, section 3) exactly as kube-apiserver renders it:
 * {@code issuer}, {@code jwks_uri}, {@code response_types_supported}, {@code subject_types_supported} and
 * {@code id_token_signing_alg_values_supported} (the algorithms of the published keys, de-duplicated and
 * sorted), compact, no trailing newline.
 */
public final class DiscoveryDocument {
    private DiscoveryDocument() {}

    public static byte[] render(IssuerUrl issuer, URI jwksUri, Collection<LoadedKey> keys) {
        TreeSet<String> algorithms = new TreeSet<>();
        keys.forEach(key -> algorithms.add(key.algorithm()));
        return GoCompatibleJson.render(json -> {
            json.writeStartObject();
            json.writeStringField("issuer", issuer.value());
            json.writeStringField("jwks_uri", jwksUri.toString());
            json.writeArrayFieldStart("response_types_supported");
            json.writeString("id_token");
            json.writeEndArray();
            json.writeArrayFieldStart("subject_types_supported");
            json.writeString("public");
            json.writeEndArray();
            json.writeArrayFieldStart("id_token_signing_alg_values_supported");
            for (String algorithm : algorithms) {
                json.writeString(algorithm);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
