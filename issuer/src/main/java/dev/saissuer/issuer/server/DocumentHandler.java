package dev.saissuer.issuer.server;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Javalin's side: writes the {@link Responder}'s answer through the servlet API for every request that
 * {@link CoreDocumentHandler} left alone (health, metrics, status, 404 and, on the admin connector, everything).
 */
final class DocumentHandler {
    private final Responder responder;
    private final IssuerMetrics metrics;
    private volatile int adminPort = -1;

    DocumentHandler(Responder responder, IssuerMetrics metrics) {
        this.responder = responder;
        this.metrics = metrics;
    }

    void adminPort(int port) {
        this.adminPort = port;
    }

    void handle(Context ctx) throws IOException {
        HttpServletRequest req = ctx.req();
        HttpServletResponse res = ctx.res();
        Route route = responder.route(req.getLocalPort() == adminPort, req.getRequestURI());
        Answer answer = responder.answer(route, req.getMethod(), req::getHeader);
        write(answer, req.getMethod().equals("HEAD"), res);
        metrics.countRequest(route, answer.status());
        ctx.skipRemainingHandlers();
    }

    private static void write(Answer answer, boolean head, HttpServletResponse res) throws IOException {
        res.setStatus(answer.status());
        String[] headers = answer.headers();
        for (int i = 0; i < headers.length; i += 2) {
            res.setHeader(headers[i], headers[i + 1]);
        }
        res.setContentType(answer.contentType());
        ByteBuffer body = answer.body();
        if (body == null) {
            return;
        }
        res.setContentLength(body.remaining());
        if (!head) {
            ServletOutputStream out = res.getOutputStream();
            if (body.hasArray()) {
                out.write(body.array(), body.arrayOffset() + body.position(), body.remaining());
            } else {
                byte[] copy = new byte[body.remaining()];
                body.duplicate().get(copy);
                out.write(copy);
            }
        }
    }
}
