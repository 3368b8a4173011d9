package io.edgefusion.contract.maven;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written descriptor agrees with the mojo: class, parameter names and types, filtered version. */
class PluginDescriptorTest {
    @Test
    void descriptorMatchesTheMojo() throws Exception {
        Document d;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/plugin.xml")) {
            d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        String version = System.getProperty("edgefusion.project.version");
        assertThat(version).as("surefire passes ${project.version}").isNotBlank().doesNotContain("${");
        assertThat(text(d.getDocumentElement(), "version")).isEqualTo(version);
        assertThat(text(d.getDocumentElement(), "goalPrefix")).isEqualTo("edgefusion-contract");
        Element mojo = (Element) d.getElementsByTagName("mojo").item(0);
        assertThat(text(mojo, "goal")).isEqualTo("verify");
        Class<?> impl = Class.forName(text(mojo, "implementation"));
        assertThat(impl).isEqualTo(VerifyMojo.class);
        NodeList params = mojo.getElementsByTagName("parameter");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < params.getLength(); i++) {
            Element p = (Element) params.item(i);
            Field f = impl.getDeclaredField(text(p, "name"));
            assertThat(f.getType().getName()).as(f.getName()).isEqualTo(text(p, "type"));
            names.add(f.getName());
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(Arrays.stream(impl.getDeclaredFields())
                .filter(f -> !f.isSynthetic()).map(Field::getName).toList());
        assertThat(((Element) mojo.getElementsByTagName("configuration").item(0))
                .getElementsByTagName("classesDirectory").item(0).getAttributes().getNamedItem("default-value")
                .getNodeValue()).isEqualTo("${project.build.outputDirectory}");
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
