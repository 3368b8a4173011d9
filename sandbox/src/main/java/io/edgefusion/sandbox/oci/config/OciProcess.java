package io.edgefusion.sandbox.oci.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** {@code process}: what runs, as whom, with which limits. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciProcess(boolean terminal, ConsoleSize consoleSize, User user, List<String> args,
                         String commandLine, List<String> env, String cwd, Capabilities capabilities,
                         List<Rlimit> rlimits, boolean noNewPrivileges, String apparmorProfile,
                         Integer oomScoreAdj, String selinuxLabel, Scheduler scheduler, IoPriority ioPriority) {
    public OciProcess {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
        user = user == null ? new User(0, 0, null, List.of(), null) : user;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConsoleSize(int height, int width) {
    }

    /** {@code user}: numeric ids only (the spec's Linux form); {@code username} is Windows'. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(long uid, long gid, Integer umask, List<Long> additionalGids, String username) {
        public User {
            additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
        }
    }

    /** The five capability sets, by name ({@code CAP_CHOWN}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable,
                               List<String> permitted, List<String> ambient) {
        public Capabilities {
            bounding = bounding == null ? List.of() : List.copyOf(bounding);
            effective = effective == null ? List.of() : List.copyOf(effective);
            inheritable = inheritable == null ? List.of() : List.copyOf(inheritable);
            permitted = permitted == null ? List.of() : List.copyOf(permitted);
            ambient = ambient == null ? List.of() : List.copyOf(ambient);
        }
    }

    /** {@code RLIMIT_NOFILE} and friends. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rlimit(String type, long soft, long hard) {
    }

    /** 1.2's {@code scheduler}: refused when set (see {@code Unsupported}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Scheduler(String policy, Integer nice, Integer priority) {
    }

    /** 1.2's {@code ioPriority}: refused when set. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IoPriority(@com.fasterxml.jackson.annotation.JsonProperty("class") String ioClass,
                             Integer priority) {
    }
}
