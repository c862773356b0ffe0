/** The server: reloads key sources into immutable snapshots and serves their pre-rendered bytes over HTTP(S). */
package dev.saissuer.issuer.server;
