/** Tests of the files under deploy/: manifests, kube-apiserver flags, systemd unit, image recipe. */
package dev.saissuer.issuer.deploy;
