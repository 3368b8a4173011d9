package io.edgefusion.sandbox.oci.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** {@code linux.seccomp} in the OCI format. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Seccomp(String defaultAction, Long defaultErrnoRet, List<String> architectures, List<String> flags,
                      String listenerPath, String listenerMetadata, List<Syscall> syscalls) {
    public Seccomp {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        flags = flags == null ? List.of() : List.copyOf(flags);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Syscall(List<String> names, String action, Long errnoRet, List<Arg> args) {
        public Syscall {
            names = names == null ? List.of() : List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /** A condition on argument {@code index}: {@code op} is {@code SCMP_CMP_EQ} and the like. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Arg(int index, long value, long valueTwo, String op) {
    }
}
