package dev.saissuer.issuer.publish;

import dev.saissuer.keys.KeyTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run does to each kid, from what the bucket had to what it will publish: {@code added} (new),
 * {@code kept} (still in the sources), {@code retained until T} (gone from the sources, inside its window),
 * {@code dropped} (its window is over).
 */
final class KeyPlan {
    private KeyPlan() {}

    static List<String> lines(List<KeyTimeline.Entry> before, List<KeyTimeline.Entry> after, Duration retention) {
        Map<String, KeyTimeline.Entry> had = new LinkedHashMap<>();
        before.forEach(e -> had.put(e.key().kid(), e));
        List<String> lines = new ArrayList<>();
        for (KeyTimeline.Entry e : after) {
            String kid = e.key().kid();
            String what;
            if (!e.current()) {
                what = "retained until " + e.retireAt(retention).orElseThrow();
            } else {
                what = had.containsKey(kid) ? "kept" : "added";
            }
            lines.add("key " + kid + ": " + what);
            had.remove(kid);
        }
        had.keySet().forEach(kid -> lines.add("key " + kid + ": dropped"));
        return lines;
    }
}
