package io.edgefusion.sandbox.oci.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads {@code config.json} (and {@code update --resources} files) with errors as {@code file:line:col: why}. */
public final class OciConfigs {
    /** The runtime-spec versions whose configs are accepted (1.0.0 up to 1.2.x, pre-releases included). */
    static final java.util.regex.Pattern SUPPORTED = java.util.regex.Pattern.compile("1\\.[0-2]\\.\\d+(-.*)?");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private OciConfigs() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** {@code BUNDLE/config.json}, checked for the fields every container needs. */
    public static OciConfig read(Path file) {
        OciConfig c = parse(file, OciConfig.class);
        if (c.ociVersion() == null || !SUPPORTED.matcher(c.ociVersion()).matches()) {
            throw new ConfigException(file, file + ": ociVersion " + c.ociVersion()
                    + " is not supported (1.0.0 to 1.2.x)");
        }
        if (c.process() == null || c.process().args().isEmpty()) {
            throw new ConfigException(file, file + ": process.args must name the program to run");
        }
        if (c.root() == null || c.root().path() == null || c.root().path().isEmpty()) {
            throw new ConfigException(file, file + ": root.path is required");
        }
        if (c.process().cwd() == null || !c.process().cwd().startsWith("/")) {
            throw new ConfigException(file, file + ": process.cwd must be an absolute path, not "
                    + c.process().cwd());
        }
        return c;
    }

    /** Any document of the spec's types: a config, a resources file, a process file. */
    public static <T> T parse(Path file, Class<T> type) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file, file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            T value = JSON.readValue(bytes, type);
            if (value == null) {
                throw new ConfigException(file, file + ":1:1: empty document");
            }
            return value;
        } catch (JsonMappingException e) {
            throw new ConfigException(file, where(file, e.getLocation()) + field(e) + ": "
                    + brief(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, where(file, e.getLocation()) + ": " + brief(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ConfigException(file, file + ": " + e.getMessage(), e);
        }
    }

    /** Jackson's first line, without its hints about its own settings. */
    private static String brief(String message) {
        String m = message == null ? "invalid" : message.lines().findFirst().orElse("invalid");
        int hint = m.indexOf(" (set DeserializationConfig");
        return hint < 0 ? m : m.substring(0, hint);
    }

    private static String where(Path file, JsonLocation at) {
        return at == null ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
    }

    /** {@code linux.resources.memory.limit} from Jackson's reference path. */
    private static String field(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "" : ": " + path;
    }
}
