/**
 * Mirror mode: kube-apiserver's own discovery document and JWKS, fetched with the pod's service-account token,
 * as a key source of the pipeline.
 */
package dev.saissuer.issuer.upstream;
