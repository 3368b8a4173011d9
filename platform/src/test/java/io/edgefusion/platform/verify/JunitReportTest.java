package io.edgefusion.platform.verify;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.testing.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --format junit} as CI tools read it: valid against the JUnit report schema kept in test resources
 * (at most one failure per test case, required attributes), the suite's counts equal to its test cases, one
 * test case per rule and class.
 */
class JunitReportTest {
    @TempDir
    Path work;

    private static String junit(VerifyReport r) {
        StringWriter s = new StringWriter();
        ReportFormat.JUNIT.write(r, new PrintWriter(s));
        return s.toString();
    }

    private static Document checked(String xml) throws Exception {
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(JunitReportTest.class.getResource("/junit/testsuite.xsd"));
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = d.getDocumentElement();
        NodeList cases = suite.getElementsByTagName("testcase");
        int failed = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            failed += ((Element) cases.item(i)).getElementsByTagName("failure").getLength() > 0 ? 1 : 0;
        }
        assertThat(Integer.parseInt(suite.getAttribute("tests"))).as("tests counts test cases")
                .isEqualTo(cases.getLength());
        assertThat(Integer.parseInt(suite.getAttribute("failures"))).as("failures counts failed test cases")
                .isEqualTo(failed);
        return d;
    }

    @Test
    void everyViolatingWorkloadGivesOneTestCasePerRuleAndClassValidAgainstTheSchema() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (String w : List.of("missing-hal", "version", "layout", "bind", "logging")) {
            jars.add(Workloads.jar(w, work));
        }
        VerifyReport r = new ContractVerifier(CoreContract.builtIn()).verify(jars, Optional.empty());
        Document d = checked(junit(r));
        NodeList cases = d.getElementsByTagName("testcase");
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            assertThat(keys.add(c.getAttribute("classname") + " " + c.getAttribute("name")))
                    .as("one test case per rule and class").isTrue();
        }
        long distinct = r.violations().stream()
                .map(v -> ((Violation.CodeLocation) v.location()).className() + " " + v.rule()).distinct().count();
        assertThat(cases.getLength()).isEqualTo((int) distinct).isLessThan(r.violations().size());
        // the bind workload's five violations are one failure that lists each of them
        Element bind = null;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("classname").equals("com.acme.mqtt.MqttBroker")) {
                bind = c;
            }
        }
        assertThat(bind).isNotNull();
        String text = bind.getElementsByTagName("failure").item(0).getTextContent();
        assertThat(text.split("\nfix: ", -1)).hasSize(6);
    }

    @Test
    void aCleanReportIsOnePassingTestCase() throws Exception {
        VerifyReport r = new ContractVerifier(CoreContract.builtIn()).verify(List.of(Workloads.jar("compliant",
                work)), Optional.empty());
        Document d = checked(junit(r));
        assertThat(d.getDocumentElement().getAttribute("tests")).isEqualTo("1");
        assertThat(d.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    }
}
