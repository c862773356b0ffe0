/**
 * The one-way pipeline: key sources are read by the one writer ({@link dev.saissuer.issuer.pipeline.Reloader}),
 * fed through the key timeline and rendered into immutable published states that every sink only reads.
 */
package dev.saissuer.issuer.pipeline;
