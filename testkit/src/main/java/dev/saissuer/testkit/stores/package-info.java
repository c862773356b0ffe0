/**
 * The object stores the publish tests run, installed by {@code .ci/setup.d/object-storage.sh}: s3proxy for S3 and
 * Azurite for Azure Blob, on loopback ports, over http or over https with a certificate from the test CA.
 */
package dev.saissuer.testkit.stores;
