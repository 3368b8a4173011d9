package io.edgefusion.sandbox.oci.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/** A bundle's {@code config.json}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciConfig(String ociVersion, OciProcess process, Root root, String hostname, String domainname,
                        List<Mount> mounts, Hooks hooks, Map<String, String> annotations, Linux linux) {
    public OciConfig {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        hooks = hooks == null ? Hooks.NONE : hooks;
        linux = linux == null ? Linux.EMPTY : linux;
    }

    /** {@code root.path} and {@code root.readonly}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Root(String path, boolean readonly) {
    }

    /** One entry of {@code mounts}: {@code type} may be absent for a bind (the options say so). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(String destination, String type, String source, List<String> options,
                        List<IdMapping> uidMappings, List<IdMapping> gidMappings) {
        public Mount {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }
}
