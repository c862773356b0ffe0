package dev.saissuer.keys;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way kube-apiserver's flags write them (Go's time.ParseDuration): a sequence of
 * decimal numbers with units, such as {@code 90s}, {@code 1h30m}, {@code 1.5h} or {@code 500ms}.
 */
public final class Durations {
    private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final int MAX_LENGTH = 64;

    private Durations() {}

    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new BadInputException("empty duration (write it like 90s, 10m or 24h)");
        }
        if (text.length() > MAX_LENGTH) {
            throw new BadInputException("duration too long: " + text.length() + " characters");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = TERM.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new BadInputException("invalid duration \"" + printable(text)
                        + "\" (write it like 90s, 10m or 24h; units ns, us, ms, s, m, h)");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit(m.group(2)))));
            at = m.end();
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new BadInputException("duration out of range: \"" + printable(text) + "\"", e);
        }
    }

    /** Formats like Go's time.Duration.String for whole seconds and above, which is how the flags are documented. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long s = d.getSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60 || out.length() > 0) {
            out.append(s / 60).append('m');
            s %= 60;
        }
        out.append(s);
        int millis = d.getNano() / 1_000_000;
        if (millis != 0) {
            out.append('.').append(String.format("%03d", millis).replaceAll("0+$", ""));
        }
        return out.append('s').toString();
    }

    private static long nanosPerUnit(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    private static String printable(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
