package io.edgefusion.sandbox.seccomp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree whose every value remembers its line and column, so a policy error can say {@code FILE:12:9}.
 * Jackson's tree model drops locations; this keeps Jackson's tokenizer and builds the small tree itself.
 */
sealed interface LocatedJson {
    /** Policies are small: refuse documents nested deeper than this instead of recursing without bound. */
    int MAX_DEPTH = 32;

    String where();

    record Obj(Map<String, LocatedJson> fields, Map<String, String> keyWhere, String where) implements LocatedJson {
    }

    record Arr(List<LocatedJson> items, String where) implements LocatedJson {
    }

    record Str(String value, String where) implements LocatedJson {
    }

    /** An integer; JSON policies carry syscall argument values up to 2^64-1, so the text is kept. */
    record Num(String text, boolean integral, String where) implements LocatedJson {
    }

    record Bool(boolean value, String where) implements LocatedJson {
    }

    record Null(String where) implements LocatedJson {
    }

    static LocatedJson parse(String text, String source) {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();
        JsonParser p = null;
        try {
            p = f.createParser(text);
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new SeccompPolicyException(source + ": empty file, expected a JSON object");
            }
            LocatedJson root = value(p, t, source, 0);
            if (p.nextToken() != null) {
                throw new SeccompPolicyException(at(source, p.currentTokenLocation()) + ": text after the JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("malformed JSON");
            throw new SeccompPolicyException((l == null ? source : at(source, l)) + ": malformed JSON: " + msg);
        } catch (IOException e) {
            throw new SeccompPolicyException(source + ": " + e.getMessage());
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // a parser over a String holds nothing to release
                }
            }
        }
    }

    private static LocatedJson value(JsonParser p, JsonToken t, String source, int depth) throws IOException {
        String where = at(source, p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                Map<String, LocatedJson> fields = new LinkedHashMap<>();
                Map<String, String> keyWhere = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    String kw = at(source, p.currentTokenLocation());
                    if (fields.containsKey(name)) {
                        throw new SeccompPolicyException(kw + ": field \"" + name + "\" given twice");
                    }
                    keyWhere.put(name, kw);
                    fields.put(name, value(p, p.nextToken(), source, depth + 1));
                }
                return new Obj(fields, keyWhere, where);
            }
            case START_ARRAY -> {
                List<LocatedJson> items = new ArrayList<>();
                for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                    items.add(value(p, i, source, depth + 1));
                }
                return new Arr(items, where);
            }
            case VALUE_STRING -> {
                return new Str(p.getText(), where);
            }
            case VALUE_NUMBER_INT -> {
                return new Num(p.getText(), true, where);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Num(p.getText(), false, where);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Bool(t == JsonToken.VALUE_TRUE, where);
            }
            case VALUE_NULL -> {
                return new Null(where);
            }
            default -> throw new SeccompPolicyException(where + ": unexpected " + t);
        }
    }

    static String at(String source, JsonLocation l) {
        return source + ":" + l.getLineNr() + ":" + l.getColumnNr();
    }
}
