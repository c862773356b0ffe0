/** Tests that run the built sa-issuer jar as a separate process, with real files, signals and restarts. */
package dev.saissuer.issuer.process;
