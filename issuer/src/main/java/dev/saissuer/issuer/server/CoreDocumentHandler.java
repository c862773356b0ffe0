package dev.saissuer.issuer.server;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the three public documents on Jetty's core API, in front of Javalin's servlet handler: these are
 * nearly all the traffic, and the servlet layers (channel, session and context handlers, Javalin's dispatch)
 * cost more CPU per request than the answer itself. The body is the snapshot's read-only direct buffer,
 * written without a copy. Every other request goes on to Javalin ({@link DocumentHandler}); both write what
 * {@link Responder} decides, and both count in the same metrics.
 */
final class CoreDocumentHandler extends Handler.Wrapper {
    private final Responder responder;
    private final IssuerMetrics metrics;
    private static final int MAX_CACHED = 10;

    private volatile Connector publicConnector;
    private volatile Object[] cache = new Object[0];

    CoreDocumentHandler(Responder responder, IssuerMetrics metrics) {
        this.responder = responder;
        this.metrics = metrics;
    }

    /** Documents are served on the public connector only; the admin connector has none. */
    void publicConnector(Connector connector) {
        this.publicConnector = connector;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().getConnector() != publicConnector) {
            return super.handle(request, response, callback);
        }
        Route route = responder.route(false, request.getHttpURI().getPath());
        if (!route.document()) {
            return super.handle(request, response, callback);
        }
        String method = request.getMethod();
        HttpFields fields = request.getHeaders();
        Answer answer = responder.answer(route, method, fields::get);
        response.setStatus(answer.status());
        HttpFields.Mutable out = response.getHeaders();
        for (HttpField field : encoded(answer)) {
            out.put(field);
        }
        ByteBuffer body = answer.body();
        if (body != null) {
            out.put(HttpHeader.CONTENT_LENGTH, body.remaining());
        }
        metrics.countRequest(route, answer.status());
        response.write(true, body == null || method.equals("HEAD") ? null : body.duplicate(), callback);
        return true;
    }

    /**
     * The answer's headers as Jetty fields, pre-encoded once for the answers a rendering shares between requests
     * (200 and 304; recognised by identity), made afresh for the rare others (preflight, 405).
     */
    private HttpField[] encoded(Answer answer) {
        Object[] cache = this.cache;
        for (int i = 0; i < cache.length; i += 2) {
            if (cache[i] == answer) {
                return (HttpField[]) cache[i + 1];
            }
        }
        String[] headers = answer.headers();
        HttpField[] fields = new HttpField[headers.length / 2 + (answer.contentType() == null ? 0 : 1)];
        for (int i = 0; i < headers.length; i += 2) {
            fields[i / 2] = field(headers[i], headers[i + 1]);
        }
        if (answer.contentType() != null) {
            fields[fields.length - 1] = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, answer.contentType());
        }
        if (answer.status() == 200 || answer.status() == 304) {
            // Copy on write, at most MAX_CACHED answers: a new rendering's answers displace the old ones.
            Object[] grown = cache.length >= 2 * MAX_CACHED ? new Object[2] : Arrays.copyOf(cache, cache.length + 2);
            grown[grown.length - 2] = answer;
            grown[grown.length - 1] = fields;
            this.cache = grown;
        }
        return fields;
    }

    private static HttpField field(String name, String value) {
        HttpHeader header = HttpHeader.CACHE.get(name);
        return header == null ? new HttpField(name, value) : new PreEncodedHttpField(header, value);
    }
}
