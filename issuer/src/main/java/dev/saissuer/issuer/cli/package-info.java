/** The picocli commands of {@code sa-issuer}: thin wrappers over the keys library and the server. */
package dev.saissuer.issuer.cli;
