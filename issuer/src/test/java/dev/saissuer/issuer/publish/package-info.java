/** Tests of the publisher: where the RFC 8414 object goes, and runs with {@code --oauth-metadata} against Azurite. */
package dev.saissuer.issuer.publish;
