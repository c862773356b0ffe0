package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The two renderings of a report: readable text, and JUnit XML that CI systems parse. */
class ReportFormatTest {
    static final Check A = new Check("a-check", "RFC 0000 §1", "a requirement");
    static final Check B = new Check("b-check", "RFC 0000 §2", "another <requirement> & more");
    static final Check C = new Check("c-check", "RFC 0000 §3", "a third");

    static Report report() {
        return new Report(
                "https://issuer.example.com",
                List.of(
                        CheckResult.pass(A, "fine"),
                        CheckResult.fail(B, List.of(new CheckResult.Mismatch("issuer", "\"x\"", "\"y<z>\""))),
                        CheckResult.skip(C, "no token")),
                Duration.ofMillis(1500));
    }

    @Test
    void textNamesEveryCheckAndSaysExpectedAndFound() {
        String text = report().text();
        assertTrue(text.contains("PASS  a-check  RFC 0000 §1 (fine)"), text);
        assertTrue(
                text.contains("FAIL  b-check  RFC 0000 §2\n      requires: another <requirement> & more\n"
                        + "      issuer: expected \"x\", found \"y<z>\""),
                text);
        assertTrue(text.endsWith("conformance: 1 passed, 1 failed, 1 skipped\n"), text);
    }

    @Test
    void junitXmlParsesWithCountsAndFailureMessages() throws Exception {
        byte[] xml = report().junitXml().getBytes(StandardCharsets.UTF_8);
        Document document =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        Element suite = document.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        assertEquals("1.500", suite.getAttribute("time"));
        Element failure = (Element) document.getElementsByTagName("failure").item(0);
        assertEquals("issuer: expected \"x\", found \"y<z>\"", failure.getAttribute("message"));
        Element failed = (Element) failure.getParentNode();
        assertEquals("RFC 0000 §2", failed.getAttribute("classname"));
        assertEquals("b-check: another <requirement> & more", failed.getAttribute("name"));
        assertEquals(1, document.getElementsByTagName("skipped").getLength());
    }
}
