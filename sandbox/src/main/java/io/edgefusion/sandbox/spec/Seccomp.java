package io.edgefusion.sandbox.spec;

/** Which seccomp filter the sandbox's processes run under ({@code --security-opt seccomp=…}). */
@com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.NAME,
        property = "kind")
@com.fasterxml.jackson.annotation.JsonSubTypes({
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Seccomp.DefaultPolicy.class, name = "default"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Seccomp.Unconfined.class, name = "unconfined"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Seccomp.Custom.class, name = "custom")})
public sealed interface Seccomp {
    /** EdgeFusion's default policy (docker's allow-list and argument rules). */
    record DefaultPolicy() implements Seccomp {
    }

    /** No filter at all ({@code seccomp=unconfined}). */
    record Unconfined() implements Seccomp {
    }

    /** A policy in docker's / the OCI runtime spec's JSON format, kept verbatim so the sandbox's record is whole. */
    record Custom(String source, String json) implements Seccomp {
    }
}
