/** Turns service-account key files into the public documents of an OIDC issuer, with no knowledge of HTTP or the CLI. */
package dev.saissuer.keys;
