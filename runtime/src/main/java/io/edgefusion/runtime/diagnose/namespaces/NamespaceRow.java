package io.edgefusion.runtime.diagnose.namespaces;

/** One line of the seed's 3.1 table: what the workload sees ({@code inside}) and what the host sees. */
public record NamespaceRow(String namespace, String item, String inside, String host) {
    public boolean differs() {
        return !inside.equals(host);
    }
}
