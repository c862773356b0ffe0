package dev.saissuer.issuer;

/** The media types the documents are served with, by the server and in the export manifest. */
public final class MediaTypes {
    /** OpenID Connect Discovery 1.0, section 4.2: the provider configuration response is application/json. */
    public static final String JSON = "application/json";
    /** Per RFC 7517, section 8.5.1, the JWK Set media type. */
    public static final String JWK_SET = "application/jwk-set+json";

    private MediaTypes() {}
}
