package dev.saissuer.conformance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict JSON: a duplicate member name is an error (RFC 8259, section 4, and RFC 7517, section 4: MUST be unique). */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {}

    /** The JSON object in the text, with members in document order, or an exception naming what is wrong. */
    static Map<String, Object> object(String text) throws JsonProcessingException {
        return MAPPER.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short rendering of a found value for a report line. */
    static String show(Object value) {
        if (value == null) {
            return "nothing";
        }
        String text = write(value);
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    /** "1 key", "2 keys": counts in report notes. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A JSON array whose elements are all strings, or null. */
    @SuppressWarnings("unchecked")
    static List<String> stringArray(Object value) {
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return (List<String>) list;
        }
        return null;
    }
}
