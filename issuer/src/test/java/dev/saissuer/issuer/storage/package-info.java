/** Object-store tests against real servers: s3proxy for S3, Azurite for Azure Blob, both on loopback ports. */
package dev.saissuer.issuer.storage;
