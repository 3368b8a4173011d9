package io.edgefusion.runtime.diagnose.namespaces;

/** The same fact read inside the sandbox's namespaces and in the inspecting process's. */
public record Sides<T>(T inside, T host) {
}
