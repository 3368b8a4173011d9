package io.edgefusion.platform.contract;

import io.edgefusion.platform.contract.HalRules.HalInterface;
import io.edgefusion.platform.contract.NetworkRules.BindCall;
import io.edgefusion.platform.contract.NetworkRules.Endpoint;
import io.edgefusion.platform.yaml.YMap;
import io.edgefusion.platform.yaml.YamlDoc;
import org.snakeyaml.engine.v2.nodes.Node;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads {@code core-contract.yaml} into a {@link CoreContract}; every mistake is reported with its place. */
final class ContractLoader {
    private ContractLoader() {
    }

    static CoreContract load(String file, String text) {
        YamlDoc doc = YamlDoc.parse(file, text);
        Optional<YMap> root = doc.root();
        if (root.isEmpty()) {
            throw new ContractException(doc.problems());
        }
        YMap r = root.get();
        r.allowOnly(List.of("contract", "version", "network", "hal", "logging", "core_modules", "stages"));
        r.require("contract");
        r.require("version");
        ContractVersion version = r.string("version").flatMap(v -> parse(doc, r, "version", v,
                ContractVersion::parse)).orElse(null);
        NetworkRules network = r.map("network").map(m -> network(doc, m)).orElse(null);
        HalRules hal = r.map("hal").map(m -> hal(doc, m)).orElse(null);
        LoggingRules logging = r.map("logging").map(ContractLoader::logging).orElse(null);
        Map<String, Set<String>> core = new LinkedHashMap<>();
        r.map("core_modules").ifPresent(cm -> cm.keys().forEach(k -> core.put(k,
                Set.copyOf(cm.strings(k).stream().map(YMap.Item::value).toList()))));
        Map<Stage, StageRules> stages = new EnumMap<>(Stage.class);
        r.map("stages").ifPresent(s -> {
            s.allowOnly(Stage.ids());
            for (Stage st : Stage.values()) {
                if (s.require(st.id())) {
                    s.map(st.id()).ifPresent(m -> stages.put(st, stage(doc, st, m)));
                }
            }
        });
        for (String k : List.of("network", "hal", "logging", "stages")) {
            r.require(k);
        }
        if (!doc.problems().isEmpty()) {
            throw new ContractException(doc.problems());
        }
        return new CoreContract(r.string("contract").orElseThrow(), version, network, hal, logging, java.util.Collections.unmodifiableMap(core),
                Map.copyOf(stages), file);
    }

    private static <T> Optional<T> parse(YamlDoc doc, YMap m, String key, String text, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(text));
        } catch (IllegalArgumentException e) {
            doc.problem(m.valueMark(key), e.getMessage());
            return Optional.empty();
        }
    }

    private static NetworkRules network(YamlDoc doc, YMap m) {
        m.allowOnly(List.of("rule", "listen", "bind_calls"));
        List<Endpoint> listen = new ArrayList<>();
        for (YMap.Item i : m.strings("listen")) {
            try {
                listen.add(Endpoint.parse(i.value()));
            } catch (IllegalArgumentException e) {
                doc.problem(i.at(), e.getMessage());
            }
        }
        List<BindCall> calls = new ArrayList<>();
        for (Node n : m.list("bind_calls")) {
            m.asMap(n, "network.bind_calls[]").ifPresent(c -> {
                c.allowOnly(List.of("owner", "name", "port_arg", "address_arg"));
                calls.add(new BindCall(c.string("owner").orElse(""), c.string("name").orElse(""),
                        c.integer("port_arg").orElse(-1), c.integer("address_arg").orElse(-1)));
            });
        }
        return new NetworkRules(m.string("rule").orElse("network.listen"), List.copyOf(listen), List.copyOf(calls));
    }

    private static HalRules hal(YamlDoc doc, YMap m) {
        m.allowOnly(List.of("rule", "version_rule", "layout_rule", "compatible", "interfaces", "device_frames",
                "layouts"));
        Map<String, HalInterface> interfaces = new LinkedHashMap<>();
        m.map("interfaces").ifPresent(is -> {
            for (String kind : is.keys()) {
                is.map(kind).ifPresent(i -> {
                    i.allowOnly(List.of("type", "methods"));
                    interfaces.put(kind, new HalInterface(kind, i.string("type").orElse(""), members(i, "methods", null)));
                });
            }
        });
        Map<String, String> frames = new LinkedHashMap<>();
        m.map("device_frames").ifPresent(f -> f.keys().forEach(k -> f.string(k).ifPresent(v -> {
            frames.put(k, v);
        })));
        Map<String, PinnedLayout> layouts = new LinkedHashMap<>();
        m.map("layouts").ifPresent(ls -> {
            for (String name : ls.keys()) {
                ls.map(name).ifPresent(l -> {
                    l.allowOnly(List.of("size", "byte_order", "fields"));
                    ByteOrder order = l.string("byte_order").orElse("little").equals("big")
                            ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                    List<PinnedLayout.Field> fields = new ArrayList<>();
                    for (Node n : l.list("fields")) {
                        l.asMap(n, "hal.layouts." + name + ".fields[]").ifPresent(f -> {
                            f.allowOnly(List.of("name", "offset", "size"));
                            fields.add(new PinnedLayout.Field(f.string("name").orElse("?"),
                                    f.integer("offset").orElse(-1), f.integer("size").orElse(-1)));
                        });
                    }
                    layouts.put(name, new PinnedLayout(name, l.integer("size").orElse(-1), order, List.copyOf(fields)));
                });
            }
        });
        frames.forEach((kind, layout) -> {
            if (!layouts.containsKey(layout)) {
                doc.problem(m.valueMark("device_frames"), "device kind " + kind + " uses layout '" + layout
                        + "', which hal.layouts does not pin");
            }
        });
        return new HalRules(m.string("rule").orElse("hal.interface"), m.string("version_rule").orElse("hal.version"),
                m.string("layout_rule").orElse("hal.layout"), Map.copyOf(interfaces), Map.copyOf(frames),
                Map.copyOf(layouts));
    }

    private static LoggingRules logging(YMap m) {
        m.allowOnly(List.of("rule", "entry", "required_field", "forbidden_fields", "forbidden_calls",
                "forbidden_packages"));
        return new LoggingRules(m.string("rule").orElse("logging.entry"), m.string("entry").orElse(""),
                m.string("required_field").orElse("trace_id"), members(m, "forbidden_fields", null),
                members(m, "forbidden_calls", null),
                m.strings("forbidden_packages").stream().map(YMap.Item::value).toList());
    }

    private static List<MemberRef> members(YMap m, String key, String owner) {
        List<MemberRef> out = new ArrayList<>();
        for (Node n : m.list(key)) {
            m.asMap(n, key + "[]").ifPresent(x -> {
                x.allowOnly(List.of("owner", "name", "descriptor"));
                out.add(new MemberRef(x.string("owner").orElse(owner), x.string("name").orElse(""),
                        x.string("descriptor").orElse(null)));
            });
        }
        return List.copyOf(out);
    }

    private static StageRules stage(YamlDoc doc, Stage st, YMap m) {
        m.allowOnly(List.of("rule", "trim", "required_modules", "forbidden_modes", "signed_profile",
                "static_checks", "runtime", "interval_seconds", "signed_evidence"));
        StageRules.Trim trim = m.string("trim").flatMap(t -> parse(doc, m, "trim", t, StageRules.Trim::parse))
                .orElse(StageRules.Trim.ANY);
        StageRules.Runtime runtime = m.string("runtime")
                .flatMap(t -> parse(doc, m, "runtime", t, StageRules.Runtime::parse)).orElse(StageRules.Runtime.NONE);
        return new StageRules(st, m.string("rule").orElse("stage." + st.id()), trim,
                Set.copyOf(m.strings("required_modules").stream().map(YMap.Item::value).toList()),
                Set.copyOf(m.strings("forbidden_modes").stream().map(YMap.Item::value).toList()),
                m.bool("signed_profile").orElse(false), m.bool("static_checks").orElse(true), runtime,
                m.integer("interval_seconds").orElse(30), m.bool("signed_evidence").orElse(false));
    }
}
