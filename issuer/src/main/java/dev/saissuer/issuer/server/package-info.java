/** The HTTP sink: the public listener serving pre-rendered documents, and the admin listener (health, metrics, status). */
package dev.saissuer.issuer.server;
