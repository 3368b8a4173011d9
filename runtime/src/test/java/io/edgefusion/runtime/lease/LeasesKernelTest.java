package io.edgefusion.runtime.lease;

import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.overlay.OverlaySnapshots;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.TestDirs;
import io.edgefusion.image.testing.TestLayouts;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.ImportSource;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Leases over the store's holds: who holds, until when, and what sync drops — with a clock moved by hand. */
@KernelTest
class LeasesKernelTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final TestDirs dirs = new TestDirs();
    private final FakeClock clock = new FakeClock(T0);
    private ImageStore store;
    private StoredImage image;
    private Leases leases;

    @BeforeEach
    void image() throws Exception {
        Path layout = TestLayouts.write(dirs.dir("layout"), "v1",
                List.of(new RawTar().file("hello", 0644, "hello").bytes()));
        store = ImageStore.open(dirs.state());
        image = new Importer(store, UnpackOptions.defaults(), ImportListener.NONE)
                .run(ImportSource.parse(layout + ":v1"), ImageRef.parse("a:1")).image();
        leases = new Leases(store, clock);
    }

    @AfterEach
    void cleanup() {
        dirs.close();
    }

    /** A sandbox record as sync sees it: an id and the lower dirs of its root. */
    private static SandboxState sandbox(String id, List<Path> layers) {
        SandboxSpec spec = new SandboxSpec(null, layers, List.of("true"), Map.of(), "/", null, null, null, null, false,
                false, Set.of(), Set.of(), List.of(), List.of(), false, false, "a:1", null, null, null, null, null);
        return new SandboxState(id, null, spec, Status.RUNNING, T0.toEpochMilli(), 1, 1, null, null, null, null,
                null, null, null, null, null, "/edgefusion/" + id, Map.of(), null);
    }

    private long layerCount() throws Exception {
        try (var s = Files.list(store.layout().layers())) {
            return s.count();
        }
    }

    @Test
    void aPendingLeaseLapsesByItselfAndThenNoLongerKeepsTheLayers() throws Exception {
        Lease pending = leases.pending(image);
        assertThat(pending.owner()).isInstanceOf(LeaseOwner.Pending.class);
        assertThat(pending.owner().holder()).startsWith("pending-" + ProcessHandle.current().pid() + "-");
        assertThat(pending.expiresAt()).contains(T0.plus(Leases.PENDING));
        assertThat(leases.find(pending.owner())).contains(pending);

        store.gc().remove(List.of(ImageRef.parse("a:1")));
        assertThat(layerCount()).as("the untagged image's layer is leased").isEqualTo(1);

        clock.advance(Leases.PENDING.minusSeconds(1));
        assertThat(leases.sync(List::of)).isEmpty();
        store.gc().prune();
        assertThat(layerCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(leases.sync(List::of)).containsExactly(pending);
        assertThat(leases.list()).isEmpty();
        store.gc().prune();
        assertThat(layerCount()).as("nothing keeps it any more").isZero();
    }

    @Test
    void aSandboxLeaseNeverExpiresAndGoesWithItsSandbox() {
        Lease lease = leases.sandbox("abc", image);
        assertThat(lease.owner()).isEqualTo(new LeaseOwner.Sandbox("abc"));
        assertThat(lease.expiresAt()).isEmpty();
        assertThat(lease.imageId()).contains(image.id());
        assertThat(lease.chainIds()).isEqualTo(image.chainIds());

        clock.advance(Duration.ofDays(365));
        assertThat(leases.sync(() -> List.of(sandbox("abc", List.of(Path.of("/x")))))).isEmpty();
        assertThat(leases.sync(() -> List.of(sandbox("other", List.of(Path.of("/x")))))).containsExactly(lease);
        assertThat(leases.list()).isEmpty();
    }

    @Test
    void anExpiredLeaseStaysWhileAnExistingSandboxHasItsLayersAsRoot() {
        Lease pending = leases.pending(image);
        List<Path> linked = new OverlaySnapshots(store).linkedLowerDirs(image);
        SandboxState attached = sandbox("attached", linked);
        clock.advance(Duration.ofHours(3)); // an attached run that outlived its pending lease
        assertThat(leases.sync(() -> List.of(attached))).isEmpty();
        assertThat(leases.list()).containsExactly(pending);
        assertThat(leases.sync(List::of)).containsExactly(pending);
    }

    @Test
    void takingALeaseAgainReplacesItAndOtherOwnersAreLeftAlone() {
        LeaseOwner build = new LeaseOwner.Named("build-1");
        leases.take(build, image, Optional.of(T0.plusSeconds(60)));
        Lease renewed = leases.take(build, image, Optional.of(T0.plusSeconds(600)));
        assertThat(leases.list()).containsExactly(renewed);
        clock.advance(Duration.ofSeconds(120));
        assertThat(leases.sync(List::of)).isEmpty();
        leases.release(build);
        assertThat(leases.list()).isEmpty();
    }

    @Test
    void holdsWithoutHeadersFromBeforeLeasesStillRead() throws Exception {
        StringBuilder legacy = new StringBuilder();
        image.chainIds().forEach(c -> legacy.append(c).append('\n'));
        Files.writeString(store.layout().holds().resolve("sandbox-old"), legacy);
        assertThat(leases.list()).singleElement().satisfies(l -> {
            assertThat(l.owner()).isEqualTo(new LeaseOwner.Sandbox("old"));
            assertThat(l.imageId()).isEmpty();
            assertThat(l.expiresAt()).isEmpty();
            assertThat(l.chainIds()).isEqualTo(image.chainIds());
        });
        assertThat(leases.sync(List::of)).hasSize(1);
    }

    @Test
    void syncOfARootWithoutAStoreDoesNothing() {
        assertThat(Leases.sync(dirs.dir("empty-root"), clock)).isEmpty();
    }
}
