package io.edgefusion.platform.profile;

import io.edgefusion.platform.contract.Stage;
import io.edgefusion.platform.hal.Algorithm;
import io.edgefusion.platform.hal.DeviceSpec;
import io.edgefusion.platform.hal.Mode;
import io.edgefusion.platform.profile.Profile.ModuleChoice;
import io.edgefusion.platform.yaml.DidYouMean;
import io.edgefusion.platform.yaml.SourceMark;
import io.edgefusion.platform.yaml.YMap;
import io.edgefusion.platform.yaml.YamlDoc;
import org.snakeyaml.engine.v2.nodes.Node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a trim profile against its schema (see docs/platform.md): known keys, value types, enumerations.
 * What depends on the installed modules and the contract is {@link ProfileValidator}'s job.
 */
final class ProfileParser {
    static final List<String> TOP = List.of("platform", "arch", "stage", "contract", "hal", "services", "jvm",
            "modules");
    static final List<String> ARCHES = List.of("x86_64", "aarch64", "armv7", "riscv64");
    static final List<String> MODULE_KEYS = List.of("enabled", "features", "disabled_components", "resources");
    static final List<String> DEVICE_KEYS = List.of("name", "kind", "path", "baud", "timeout_ms");

    private final YamlDoc doc;
    private final Map<String, SourceMark> marks = new HashMap<>();

    private ProfileParser(YamlDoc doc) {
        this.doc = doc;
    }

    /** The profile when the schema is satisfied enough to build one; problems go to {@code doc}. */
    static Optional<Profile> parse(YamlDoc doc, String text) {
        return doc.root().flatMap(r -> new ProfileParser(doc).read(r, text));
    }

    private Optional<Profile> read(YMap r, String text) {
        r.allowOnly(TOP);
        for (String k : TOP) {
            if (r.has(k)) {
                marks.put(k, r.valueMark(k));
            }
        }
        r.require("platform");
        r.require("arch");
        r.require("stage");
        Optional<String> platform = r.string("platform");
        Optional<String> arch = r.string("arch").filter(a -> oneOf(r, "arch", a, ARCHES));
        Optional<Stage> stage = r.string("stage").flatMap(s -> {
            Optional<Stage> st = Stage.of(s);
            if (st.isEmpty()) {
                doc.problem(r.valueMark("stage"), "unknown stage '" + s + "'" + hintOrList(s, Stage.ids()));
            }
            return st;
        });
        Optional<String> contract = r.string("contract");
        Profile.Hal hal = r.map("hal").map(this::hal).orElse(new Profile.Hal(Optional.empty(), Set.of(), List.of()));
        Map<String, Integer> ports = new LinkedHashMap<>();
        r.map("services").ifPresent(s -> {
            for (String name : s.keys()) {
                marks.put("services." + name, s.keyMark(name));
                s.map(name).ifPresent(svc -> {
                    svc.allowOnly(List.of("port"));
                    svc.require("port");
                    marks.put("services." + name + ".port", svc.valueMark("port"));
                    svc.integer("port").ifPresent(p -> {
                        if (p < 1 || p > 65535) {
                            doc.problem(svc.valueMark("port"), "'services." + name + ".port' must be 1..65535, got " + p);
                        }
                        ports.put(name, p);
                    });
                });
            }
        });
        List<String> jvm = new ArrayList<>();
        r.map("jvm").ifPresent(j -> {
            j.allowOnly(List.of("options"));
            for (YMap.Item i : j.strings("options")) {
                if (!i.value().startsWith("-")) {
                    doc.problem(i.at(), "JVM option must start with '-', got '" + i.value() + "'");
                }
                jvm.add(i.value());
            }
        });
        Map<String, ModuleChoice> modules = new LinkedHashMap<>();
        r.map("modules").ifPresent(ms -> {
            for (String name : ms.keys()) {
                marks.put("modules." + name, ms.keyMark(name));
                ms.map(name).ifPresent(m -> modules.put(name, module(name, m)));
            }
        });
        if (platform.isEmpty() || arch.isEmpty() || stage.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Profile(doc.file(), platform.get(), arch.get(), stage.get(), contract, hal,
                Map.copyOf(ports), List.copyOf(jvm), java.util.Collections.unmodifiableMap(modules), Map.copyOf(marks),
                text.getBytes(StandardCharsets.UTF_8)));
    }

    private Profile.Hal hal(YMap h) {
        h.allowOnly(List.of("crypto", "modes", "devices"));
        marks.put("hal.crypto", h.valueMark("crypto"));
        Optional<Algorithm> crypto = h.string("crypto").flatMap(c -> {
            Optional<Algorithm> a = Algorithm.of(c);
            if (a.isEmpty()) {
                doc.problem(h.valueMark("crypto"), "unknown crypto '" + c + "'" + hintOrList(c, Algorithm.ids()));
            }
            return a;
        });
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        for (YMap.Item i : h.strings("modes")) {
            Optional<Mode> m = Mode.of(i.value());
            if (m.isEmpty()) {
                doc.problem(i.at(), "unknown cipher mode '" + i.value() + "'" + hintOrList(i.value(), Mode.ids()));
            } else {
                modes.add(m.get());
                marks.put("hal.modes." + m.get().name(), i.at());
            }
        }
        List<DeviceSpec> devices = new ArrayList<>();
        int index = 0;
        for (Node n : h.list("devices")) {
            String path = "hal.devices[" + index++ + "]";
            h.asMap(n, path).ifPresent(d -> {
                d.allowOnly(DEVICE_KEYS);
                d.require("name");
                d.require("kind");
                d.require("path");
                Map<String, String> settings = new LinkedHashMap<>();
                d.integer("baud").ifPresent(b -> settings.put("baud", b.toString()));
                d.integer("timeout_ms").ifPresent(t -> settings.put("timeout_ms", t.toString()));
                Optional<String> name = d.string("name");
                Optional<String> kind = d.string("kind");
                Optional<String> dev = d.string("path");
                if (name.isPresent() && kind.isPresent() && dev.isPresent()) {
                    marks.put("hal.devices." + name.get() + ".kind", d.valueMark("kind"));
                    devices.add(new DeviceSpec(name.get(), kind.get(), dev.get(), settings));
                }
            });
        }
        return new Profile.Hal(crypto, modes, List.copyOf(devices));
    }

    private ModuleChoice module(String name, YMap m) {
        m.allowOnly(MODULE_KEYS);
        String base = "modules." + name;
        marks.put(base + ".enabled", m.valueMark("enabled"));
        marks.put(base + ".features", m.valueMark("features"));
        boolean enabled = m.bool("enabled").orElse(true);
        List<String> features = new ArrayList<>();
        for (YMap.Item i : m.strings("features")) {
            features.add(i.value());
            marks.put(base + ".features." + i.value(), i.at());
        }
        List<String> disabled = new ArrayList<>();
        for (YMap.Item i : m.strings("disabled_components")) {
            disabled.add(i.value());
            marks.put(base + ".disabled_components." + i.value(), i.at());
        }
        if (m.node("resources").isPresent()) {
            // Parsed and then ignored would be a promise nothing keeps: the node is one process, and no part of
            // it applies per-module memory, CPU or pid limits yet.
            doc.problem(m.keyMark("resources"), "'" + base + ".resources' is not supported yet: nothing applies"
                    + " per-module limits; limit the node as a whole (its service unit, or edgefusion run --memory"
                    + " --cpus --pids-limit)");
        }
        return new ModuleChoice(name, enabled, List.copyOf(features), List.copyOf(disabled));
    }

    private boolean oneOf(YMap r, String key, String value, List<String> allowed) {
        if (allowed.contains(value)) {
            return true;
        }
        doc.problem(r.valueMark(key), "'" + key + "' must be one of " + String.join(", ", allowed) + ", got '"
                + value + "'" + DidYouMean.hint(value, allowed));
        return false;
    }

    /** " (did you mean 'x'?)" when one is close, else " (one of a, b, c)". */
    static String hintOrList(String word, List<String> known) {
        String hint = DidYouMean.hint(word, known);
        if (!hint.isEmpty()) {
            return hint;
        }
        return known.isEmpty() ? " (none is installed)" : " (one of " + String.join(", ", known) + ")";
    }
}
