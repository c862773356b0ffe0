package dev.saissuer.issuer.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The whole of the public listener, on Jetty's core API: it writes what {@link PublicRoutes} decides, from
 * pre-rendered read-only direct buffers, without a copy. It never blocks, and says so, so that Jetty may run it
 * on the selector thread that read the request instead of handing it to a worker.
 */
final class PublicHandler extends Handler.Abstract.NonBlocking {
    private final PublicRoutes routes;
    private final IssuerMetrics metrics;

    PublicHandler(PublicRoutes routes, IssuerMetrics metrics) {
        this.routes = routes;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Route route = routes.route(request.getHttpURI().getPath());
        String method = request.getMethod();
        HttpFields fields = request.getHeaders();
        Answer answer = routes.answer(route, method, fields::get);
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
