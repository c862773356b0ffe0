/**
 * The object-storage publisher: a sink of published states that writes the JWKS and then the discovery
 * document to a bucket, verifies what it wrote, and keeps the key timeline in the bucket itself.
 */
package dev.saissuer.issuer.publish;
