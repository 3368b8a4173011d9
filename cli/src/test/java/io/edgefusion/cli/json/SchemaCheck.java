package io.edgefusion.cli.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small JSON Schema (2020-12) checker for the documents under docs/json: the keywords those schemas use and
 * nothing else — type, const, enum, pattern, format date-time, properties, required, additionalProperties,
 * items, anyOf and $ref (to {@code #/$defs/…} or to another schema file beside it). A schema using any other
 * keyword is itself an error, so a schema cannot promise what this check does not test.
 */
public final class SchemaCheck {
    private static final Set<String> KEYWORDS = Set.of("$schema", "$id", "title", "description", "$defs", "type",
            "const", "enum", "pattern", "format", "properties", "required", "additionalProperties", "items", "anyOf",
            "$ref", "minimum");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path dir;
    private final Map<String, JsonNode> files = new HashMap<>();

    /** Schemas are read from {@code dir} (docs/json). */
    public SchemaCheck(Path dir) {
        this.dir = dir;
    }

    private JsonNode file(String name) {
        return files.computeIfAbsent(name, n -> {
            try {
                return MAPPER.readTree(dir.resolve(n).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("schema " + dir.resolve(n), e);
            }
        });
    }

    /** Every way {@code doc} breaks schema file {@code name}, as {@code /json/pointer: what}; empty when valid. */
    public List<String> problems(String name, JsonNode doc) {
        List<String> out = new ArrayList<>();
        check(file(name), file(name), doc, "", out);
        return out;
    }

    private void check(JsonNode root, JsonNode s, JsonNode v, String at, List<String> out) {
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYWORDS.contains(k)) {
                out.add(at + ": schema uses keyword '" + k + "', which this check does not implement");
            }
        }
        if (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            int hash = ref.indexOf('#');
            JsonNode target = hash == 0 ? root : file(hash < 0 ? ref : ref.substring(0, hash));
            JsonNode newRoot = hash == 0 ? root : target;
            if (hash >= 0) {
                target = target.at(ref.substring(hash + 1));
            }
            if (target.isMissingNode()) {
                out.add(at + ": unresolved $ref " + ref);
                return;
            }
            check(newRoot, target, v, at, out);
        }
        if (s.has("type") && !typeMatches(s.get("type"), v)) {
            out.add(at + ": is " + typeOf(v) + ", schema wants " + s.get("type"));
            return;
        }
        if (s.has("const") && !s.get("const").equals(v)) {
            out.add(at + ": is " + v + ", schema wants " + s.get("const"));
        }
        if (s.has("enum")) {
            boolean any = false;
            for (JsonNode e : s.get("enum")) {
                any |= e.equals(v);
            }
            if (!any) {
                out.add(at + ": " + v + " is not one of " + s.get("enum"));
            }
        }
        if (v.isTextual()) {
            if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find()) {
                out.add(at + ": \"" + v.asText() + "\" does not match " + s.get("pattern").asText());
            }
            if (s.has("format") && s.get("format").asText().equals("date-time")) {
                try {
                    OffsetDateTime.parse(v.asText());
                } catch (DateTimeParseException e) {
                    out.add(at + ": \"" + v.asText() + "\" is not an RFC 3339 date-time");
                }
            }
        }
        if (v.isNumber() && s.has("minimum") && v.decimalValue().compareTo(s.get("minimum").decimalValue()) < 0) {
            out.add(at + ": " + v + " is below the minimum " + s.get("minimum"));
        }
        if (s.has("anyOf")) {
            boolean any = false;
            List<String> why = new ArrayList<>();
            for (JsonNode alt : s.get("anyOf")) {
                List<String> p = new ArrayList<>();
                check(root, alt, v, at, p);
                any |= p.isEmpty();
                why.addAll(p);
            }
            if (!any) {
                out.add(at + ": matches no alternative of anyOf " + why);
            }
        }
        if (v.isObject()) {
            JsonNode props = s.path("properties");
            for (JsonNode r : s.path("required")) {
                if (!v.has(r.asText())) {
                    out.add(at + ": missing required field '" + r.asText() + "'");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                var f = it.next();
                String path = at + "/" + f.getKey();
                if (props.has(f.getKey())) {
                    check(root, props.get(f.getKey()), f.getValue(), path, out);
                } else if (s.has("additionalProperties")) {
                    JsonNode ap = s.get("additionalProperties");
                    if (ap.isBoolean() && !ap.asBoolean()) {
                        out.add(path + ": field not in the schema");
                    } else if (ap.isObject()) {
                        check(root, ap, f.getValue(), path, out);
                    }
                }
            }
        }
        if (v.isArray() && s.has("items")) {
            for (int i = 0; i < v.size(); i++) {
                check(root, s.get("items"), v.get(i), at + "/" + i, out);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode v) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, v)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> false;
        };
    }

    private static String typeOf(JsonNode v) {
        return v.isObject() ? "object" : v.isArray() ? "array" : v.isTextual() ? "string" : v.isIntegralNumber()
                ? "integer" : v.isNumber() ? "number" : v.isBoolean() ? "boolean" : v.isNull() ? "null" : "?";
    }
}
