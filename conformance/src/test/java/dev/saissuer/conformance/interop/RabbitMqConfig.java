package dev.saissuer.conformance.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rabbitmq.conf (the new-style, sysctl-like format) with some keys given other values: the test runs the file
 * users run, changing only what must differ on this machine (the JWKS URL, the CA file, listeners). RabbitMQ 3.10
 * cannot read environment variables in rabbitmq.conf, so the values are written into the file.
 */
final class RabbitMqConfig {
    private RabbitMqConfig() {}

    static String override(String config, Map<String, String> values) {
        Map<String, String> remaining = new LinkedHashMap<>(values);
        List<String> out = new ArrayList<>();
        for (String line : config.split("\n", -1)) {
            String key = keyOf(line);
            if (key != null && values.containsKey(key)) {
                if (remaining.containsKey(key)) {
                    out.add(key + " = " + remaining.remove(key));
                }
                continue;
            }
            out.add(line);
        }
        if (!remaining.isEmpty()) {
            out.add("# set by the interop test");
            remaining.forEach((key, value) -> out.add(key + " = " + value));
        }
        return String.join("\n", out) + "\n";
    }

    private static String keyOf(String line) {
        String trimmed = line.strip();
        int equals = trimmed.indexOf('=');
        if (trimmed.isEmpty() || trimmed.startsWith("#") || equals < 0) {
            return null;
        }
        return trimmed.substring(0, equals).strip();
    }
}
