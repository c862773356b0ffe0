package dev.saissuer.issuer.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit or environment file read as systemd reads them: sections, repeatable keys, # comments. */
record SystemdUnit(Map<String, Map<String, List<String>>> sections) {
    static SystemdUnit parse(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = sections.computeIfAbsent("", k -> new LinkedHashMap<>());
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not key=value: " + line);
            }
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return new SystemdUnit(sections);
    }

    List<String> all(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    String one(String section, String key) {
        List<String> values = all(section, key);
        if (values.size() != 1) {
            throw new AssertionError("[" + section + "] " + key + " set " + values.size() + " times: " + values);
        }
        return values.get(0);
    }

    /** Environment= lines of a section as name -> value. */
    Map<String, String> environment(String section) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignment : all(section, "Environment")) {
            int eq = assignment.indexOf('=');
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return env;
    }
}
