/**
 * Real relying parties (RabbitMQ 3.10 and 4.0, OpenSearch 2.19) accepting service-account tokens verified with the
 * keys a real {@code sa-issuer serve} process publishes over TLS; each node is private to the test and stopped after
 * it.
 */
package dev.saissuer.conformance.interop;
