package io.edgefusion.runtime.diagnose.namespaces;

import java.util.List;

/**
 * What a running sandbox's PID 1 sees against the inspecting process, namespace by namespace (the seed's 3.1
 * table for a real sandbox).
 *
 * @param sandbox    the sandbox id
 * @param name       its name
 * @param pid        host pid of its PID 1
 * @param namespaces each namespace kind, own or shared
 * @param rows       the table: one fact per row, inside against host
 * @param details    the same facts, structured
 */
public record NamespacesReport(String sandbox, String name, long pid, List<NamespaceView> namespaces,
                               List<NamespaceRow> rows, NamespaceDetails details) {
    public NamespacesReport {
        namespaces = List.copyOf(namespaces);
        rows = List.copyOf(rows);
    }
}
