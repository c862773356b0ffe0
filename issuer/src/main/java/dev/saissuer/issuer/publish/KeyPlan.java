package dev.saissuer.issuer.publish;

import dev.saissuer.keys.KeyTimeline;
import dev.saissuer.keys.PublishedKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run does to each kid, from what the bucket had to what it will publish: {@code added} (new),
 * {@code kept} (still in the sources), {@code retained until T} (gone from the sources, inside its window),
 * {@code dropped} (its window is over).
 */
final class KeyPlan {
    private KeyPlan() {}

    static List<String> lines(List<KeyTimeline.Entry> before, List<PublishedKey> after) {
        Set<String> had = new LinkedHashSet<>();
        before.forEach(e -> had.add(e.key().kid()));
        List<String> lines = new ArrayList<>();
        for (PublishedKey k : after) {
            String what = k.current()
                    ? (had.contains(k.kid()) ? "kept" : "added")
                    : "retained until " + k.retireAt().orElseThrow();
            lines.add("key " + k.kid() + ": " + what);
            had.remove(k.kid());
        }
        had.forEach(kid -> lines.add("key " + kid + ": dropped"));
        return lines;
    }
}
