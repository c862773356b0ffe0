package dev.saissuer.issuer.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Jetty's own error responses (bad requests, oversized headers, long URIs) as one short plain-text line: no page, no banner. */
final class PlainErrorHandler extends ErrorHandler {
    static ByteBuffer body(int status) {
        String reason = HttpStatus.getMessage(status);
        return ByteBuffer.wrap(
                (status + " " + (reason == null ? "" : reason) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, body(response.getStatus()), callback);
        return true;
    }
}
