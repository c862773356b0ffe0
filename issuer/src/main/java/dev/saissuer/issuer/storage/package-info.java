/**
 * Object stores the publisher writes to (S3 and S3-compatible stores, Azure Blob Storage), behind one small
 * interface and through each store's own SDK, with conditional writes where the store has them.
 */
package dev.saissuer.issuer.storage;
