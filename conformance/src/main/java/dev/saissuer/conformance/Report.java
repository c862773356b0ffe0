package dev.saissuer.conformance;

import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** The results of one run, as a readable report and as JUnit XML for CI systems. */
public record Report(String issuer, List<CheckResult> results, Duration elapsed) {
    public Report {
        results = List.copyOf(results);
    }

    public long count(CheckResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    public boolean passed() {
        return count(CheckResult.Outcome.FAIL) == 0;
    }

    /** The result of the check with this id. */
    public CheckResult result(String checkId) {
        return results.stream()
                .filter(r -> r.check().id().equals(checkId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check " + checkId));
    }

    public List<String> failedCheckIds() {
        return results.stream()
                .filter(r -> r.outcome() == CheckResult.Outcome.FAIL)
                .map(r -> r.check().id())
                .toList();
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("sa-issuer conformance kit: ").append(issuer).append('\n');
        int width =
                results.stream().mapToInt(r -> r.check().id().length()).max().orElse(10);
        for (CheckResult result : results) {
            out.append(String.format(
                    "%-4s  %-" + width + "s  %s",
                    result.outcome(),
                    result.check().id(),
                    result.check().clause()));
            if (result.outcome() == CheckResult.Outcome.FAIL) {
                out.append('\n')
                        .append("      requires: ")
                        .append(result.check().requirement());
                for (CheckResult.Mismatch mismatch : result.mismatches()) {
                    out.append('\n').append("      ").append(mismatch);
                }
            } else if (!result.note().isEmpty()) {
                out.append(" (").append(result.note()).append(')');
            }
            out.append('\n');
        }
        out.append(String.format(
                "conformance: %d passed, %d failed, %d skipped%n",
                count(CheckResult.Outcome.PASS), count(CheckResult.Outcome.FAIL), count(CheckResult.Outcome.SKIP)));
        return out.toString();
    }

    /** One testsuite; one testcase per check, named by id, its class the clause. */
    public String junitXml() {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "sa-issuer conformance: " + issuer);
            xml.writeAttribute("tests", String.valueOf(results.size()));
            xml.writeAttribute("failures", String.valueOf(count(CheckResult.Outcome.FAIL)));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", String.valueOf(count(CheckResult.Outcome.SKIP)));
            xml.writeAttribute("time", String.format(java.util.Locale.ROOT, "%.3f", elapsed.toMillis() / 1000.0));
            for (CheckResult result : results) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", result.check().clause());
                xml.writeAttribute(
                        "name", result.check().id() + ": " + result.check().requirement());
                xml.writeAttribute("time", "0");
                if (result.outcome() == CheckResult.Outcome.FAIL) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute(
                            "message",
                            result.mismatches().isEmpty()
                                    ? "failed"
                                    : result.mismatches().get(0).toString());
                    xml.writeCharacters(String.join(
                            "\n",
                            result.mismatches().stream().map(Object::toString).toList()));
                    xml.writeEndElement();
                } else if (result.outcome() == CheckResult.Outcome.SKIP) {
                    xml.writeEmptyElement("skipped");
                    xml.writeAttribute("message", result.note());
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return text.toString();
    }
}
