package io.edgefusion.kernel.testing;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupManager;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A cgroup subtree a test owns: {@code /edgefusion-test-<random>} in every hierarchy, with managers for paths
 * under it. {@link #close()} kills whatever runs inside and removes the whole subtree, deepest first.
 */
public final class TestCgroup implements AutoCloseable {
    private final CgroupLayout layout;
    private final String root;
    private final List<CgroupManager> created = new ArrayList<>();

    public TestCgroup() {
        this(CgroupLayout.discover());
    }

    public TestCgroup(CgroupLayout layout) {
        this.layout = layout;
        this.root = "/edgefusion-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public CgroupLayout layout() {
        return layout;
    }

    /** The subtree's own path. */
    public String root() {
        return root;
    }

    /** Creates {@code root + "/" + rel} (or the root itself for an empty rel) and remembers it for cleanup. */
    public CgroupManager create(String rel) {
        String path = rel.isEmpty() ? root : root + "/" + rel;
        CgroupManager m = CgroupManager.of(layout, path);
        m.create();
        created.add(m);
        return m;
    }

    /** Manager for a path under the root without creating it. */
    public CgroupManager manager(String rel) {
        return CgroupManager.of(layout, rel.isEmpty() ? root : root + "/" + rel);
    }

    @Override
    public void close() {
        CgroupManager top = CgroupManager.of(layout, root);
        RuntimeException first = null;
        try {
            top.killAll();
        } catch (RuntimeException e) {
            first = e;
        }
        try {
            top.remove();
        } catch (RuntimeException e) {
            if (first == null) {
                first = e;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
