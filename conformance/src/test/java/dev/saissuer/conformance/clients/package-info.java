/**
 * The client side of docs/relying-parties.md: workloads that read their projected service-account token from its
 * file on every connection or request, so that kubelet's refreshed token is always the one sent.
 */
package dev.saissuer.conformance.clients;
