package dev.saissuer.issuer.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * SIGHUP reloads the keys; SIGTERM and SIGINT stop the server gracefully, after which {@code serve} returns 0. Java has no public
 * signal API: {@code sun.misc.Signal} of the jdk.unsupported module is the supported way, reached by
 * reflection because javac's warning for it under {@code --release} cannot be suppressed.
 */
final class Signals {
    private Signals() {}

    static void onHangup(Runnable action) {
        handle("HUP", action);
    }

    /** Runs {@code stop} once, on a thread of its own, at the first SIGTERM or SIGINT. */
    static void onTerminate(Runnable stop) {
        Thread shutdown = new Thread(stop, "sa-issuer-shutdown");
        Runnable once = () -> {
            synchronized (shutdown) {
                if (shutdown.getState() == Thread.State.NEW) {
                    shutdown.start();
                }
            }
        };
        handle("TERM", once);
        handle("INT", once);
    }

    private static synchronized void handle(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler call = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    action.run();
                    return null;
                }
                return method.invoke(action, args);
            };
            Object proxy = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, call);
            signal.getMethod("handle", signal, handler)
                    .invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Signals.class).warn("cannot handle SIG{}: {}", name, e.toString());
        }
    }
}
