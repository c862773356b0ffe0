package dev.saissuer.issuer.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
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
    private volatile Connector publicConnector;

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
        String[] headers = answer.headers();
        for (int i = 0; i < headers.length; i += 2) {
            out.put(headers[i], headers[i + 1]);
        }
        if (answer.contentType() != null) {
            out.put(HttpHeader.CONTENT_TYPE, answer.contentType());
        }
        ByteBuffer body = answer.body();
        if (body != null) {
            out.put(HttpHeader.CONTENT_LENGTH, body.remaining());
        }
        metrics.countRequest(route, answer.status());
        response.write(true, body == null || method.equals("HEAD") ? null : body.duplicate(), callback);
        return true;
    }
}
