package io.edgefusion.sandbox.oci.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A user-namespace mapping line: {@code containerID hostID size}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IdMapping(long containerID, long hostID, long size) {
}
