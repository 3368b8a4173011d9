package io.edgefusion.guardian.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.guardian.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * What a workload says about its HAL drivers, in the file {@value #PATH} of its own root — the simplest honest
 * channel: the workload writes it (atomically, by rename) when its providers are registered and whenever they
 * change; the guardian reads it through {@code /proc/<pid>/root} resolved inside that root, so it works for
 * tmpfs and overlay roots alike and a symlink cannot point it at a host file.
 *
 * <pre>
 * {"schema": "edgefusion.hal-report/v1",
 *  "providers": [{"class": "io.example.Uart", "kind": "serial", "contract": "2.3"}],
 *  "layouts":   [{"name": "serial_frame", "size": 32, "byte_order": "little",
 *                 "fields": [{"name": "magic", "offset": 0, "size": 2}, ...]}]}
 * </pre>
 */
public record HalReport(List<Provider> providers, List<Layout> layouts) {
    public static final String PATH = "/run/edgefusion/hal.json";
    public static final String SCHEMA = "edgefusion.hal-report/v1";

    public record Provider(String className, String kind, String contract) {
    }

    public record Field(String name, long offset, long size) {
    }

    public record Layout(String name, long size, String byteOrder, List<Field> fields) {
    }

    public static HalReport parse(String text) {
        JsonNode n = Json.read(text);
        if (!SCHEMA.equals(n.path("schema").asText())) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", got '" + n.path("schema").asText() + "'");
        }
        List<Provider> ps = new ArrayList<>();
        for (JsonNode p : n.path("providers")) {
            ps.add(new Provider(p.path("class").asText(), p.path("kind").asText(""),
                    p.hasNonNull("contract") ? p.get("contract").asText() : null));
        }
        List<Layout> ls = new ArrayList<>();
        for (JsonNode l : n.path("layouts")) {
            List<Field> fs = new ArrayList<>();
            for (JsonNode f : l.path("fields")) {
                fs.add(new Field(f.path("name").asText(), f.path("offset").asLong(), f.path("size").asLong()));
            }
            ls.add(new Layout(l.path("name").asText(), l.path("size").asLong(), l.path("byte_order").asText("little"),
                    fs));
        }
        return new HalReport(ps, ls);
    }
}
