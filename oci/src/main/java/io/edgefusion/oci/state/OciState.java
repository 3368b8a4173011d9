package io.edgefusion.oci.state;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The runtime-spec's state (what {@code state ID} prints), with runc's extra fields that shims read:
 * {@code rootfs}, {@code created} (RFC 3339) and {@code owner}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OciState(String ociVersion, String id, String status, long pid, String bundle, String rootfs,
                       String created, String owner, Map<String, String> annotations) {
    /** The newest runtime-spec version whose configs this runtime takes. */
    public static final String VERSION = "1.2.0";

    public static OciState of(ContainerRecord r, ContainerStatus status) {
        long pid = status == ContainerStatus.STOPPED ? 0 : r.pid();
        return new OciState(VERSION, r.id(), status.word(), pid, r.bundle().toString(), r.rootfs().toString(),
                java.time.Instant.ofEpochMilli(r.created()).toString(), "", r.annotations().isEmpty() ? null
                : r.annotations());
    }
}
