package dev.saissuer.issuer.server;

import java.nio.ByteBuffer;

/**
 * One decided response, independent of the transport that writes it: status, Content-Type (null for none),
 * further headers as name/value pairs in order, and the body (null for 204 and 304, which carry none; a
 * read-only buffer that every writer must {@link ByteBuffer#duplicate() duplicate} before consuming).
 * A HEAD request gets the same answer; the writer sends the headers, including Content-Length, without the body.
 */
record Answer(int status, String contentType, String[] headers, ByteBuffer body) {
    private static final String[] NONE = new String[0];

    static Answer of(int status, String contentType, ByteBuffer body, String... headers) {
        return new Answer(status, contentType, headers.length == 0 ? NONE : headers, body);
    }
}
