package io.edgefusion.sandbox.oci.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** {@code hooks}, by the point of the lifecycle the spec runs them at. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Hooks(List<Hook> prestart, List<Hook> createRuntime, List<Hook> createContainer,
                    List<Hook> startContainer, List<Hook> poststart, List<Hook> poststop) {
    public static final Hooks NONE = new Hooks(null, null, null, null, null, null);

    public Hooks {
        prestart = prestart == null ? List.of() : List.copyOf(prestart);
        createRuntime = createRuntime == null ? List.of() : List.copyOf(createRuntime);
        createContainer = createContainer == null ? List.of() : List.copyOf(createContainer);
        startContainer = startContainer == null ? List.of() : List.copyOf(startContainer);
        poststart = poststart == null ? List.of() : List.copyOf(poststart);
        poststop = poststop == null ? List.of() : List.copyOf(poststop);
    }

    /** One hook: an absolute {@code path}, its argv (argv[0] included) and environment, a timeout in seconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
        public Hook {
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? List.of() : List.copyOf(env);
        }
    }
}
