package io.edgefusion.image.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.diff.UpperDiff;
import io.edgefusion.image.layer.LayerPublisher;
import io.edgefusion.image.layer.LayerTar;
import io.edgefusion.image.layer.TarItem;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.overlay.OverlaySnapshots;
import io.edgefusion.image.store.AtomicFiles;
import io.edgefusion.image.store.FileLock;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.store.Trees;
import io.edgefusion.image.unpack.UnpackOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code image build}: runs a Buildfile against a context directory. Reproducible by construction — every
 * layer tar is written in sorted order with fixed owners and one fixed mtime (the build timestamp: 0, or
 * SOURCE_DATE_EPOCH), the config's {@code created} and history use the same timestamp, and gzip runs with fixed
 * parameters — so the same inputs give byte-identical layers and the same image digest. A COPY whose content
 * did not change hashes to a layer already in the store and is reused without compressing anything; so a Java
 * application whose vendored dependencies and classes are copied in separate steps rebuilds only the layer that
 * changed. RUN steps go to a {@link RunStep} and are cached by parent layer + command + env + workdir + user.
 */
public final class Builder {
    private static final Pattern VAR = Pattern.compile("\\$(\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    private final ImageStore store;
    private final RunStep runStep;
    private final BuildProgress progress;
    private final UnpackOptions options;

    /** The built image and, per instruction, whether its layer was reused. */
    public record Result(StoredImage image, int layersBuilt, int layersReused) {
    }

    public Builder(ImageStore store, RunStep runStep, BuildProgress progress, UnpackOptions options) {
        this.store = store;
        this.runStep = runStep;
        this.progress = progress;
        this.options = options;
    }

    /** The build timestamp: SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the epoch. */
    public static long defaultTimestamp() {
        return defaultTimestamp(System.getenv());
    }

    /** As {@link #defaultTimestamp()} from {@code env}: the caller's environment, not necessarily this JVM's. */
    public static long defaultTimestamp(java.util.Map<String, String> env) {
        String s = env.get("SOURCE_DATE_EPOCH");
        return s == null || s.isBlank() ? 0 : Long.parseLong(s.strip());
    }

    public Result build(Path buildfile, Path context, ImageRef tag, long timestamp) {
        String text;
        try {
            text = Files.readString(buildfile);
        } catch (IOException e) {
            throw new ImageException(buildfile + ": cannot read (" + e.getMessage() + ")");
        }
        Path ctx = context.toAbsolutePath().normalize();
        if (!Files.isDirectory(ctx)) {
            throw new ImageException(context + ": the build context must be a directory");
        }
        List<Instruction> steps = BuildfileParser.parse(text, buildfile.toString());
        String created = Instant.ofEpochSecond(timestamp).toString();
        try (FileLock ignored = store.writing()) {
            State st = new State();
            int built = 0;
            int reused = 0;
            for (int i = 0; i < steps.size(); i++) {
                Instruction in = steps.get(i);
                progress.step(i + 1, steps.size(), in.text());
                switch (in) {
                    case Instruction.From f -> st.from(f, created);
                    case Instruction.Copy c -> {
                        String dest = st.absolute(st.expand(c.dest()));
                        CopyPlanner.Plan plan = CopyPlanner.plan(ctx, c, dest, timestamp, st.lowers());
                        Path cacheFile = cacheFile("copy", st.top() + "\n" + in.text() + "\n" + plan.fingerprint());
                        LayerPublisher.Published p = cached(cacheFile);
                        if (p == null) {
                            p = publisher().publish(st.top(), out -> LayerTar.write(plan.items(), out), progress::bytes);
                            remember(cacheFile, p);
                        }
                        st.addLayer(p, in.text(), created);
                        report(p, plan.items().size());
                        built += p.reused() ? 0 : 1;
                        reused += p.reused() ? 1 : 0;
                    }
                    case Instruction.Run r -> {
                        LayerPublisher.Published p = run(st, r, timestamp);
                        st.addLayer(p, in.text(), created);
                        built += p.reused() ? 0 : 1;
                        reused += p.reused() ? 1 : 0;
                    }
                    case Instruction.Env e -> {
                        Map<String, String> env = ImageConfig.envMap(st.config.env());
                        e.vars().forEach((k, v) -> env.put(k, st.expand(v)));
                        List<String> list = new ArrayList<>();
                        env.forEach((k, v) -> list.add(k + "=" + v));
                        st.config = st.config.withEnv(list).withHistory(in.text(), created);
                    }
                    case Instruction.Workdir w -> st.config = st.config.withWorkingDir(
                            "/" + CopyPlanner.strip(st.absolute(st.expand(w.dir())))).withHistory(in.text(), created);
                    case Instruction.User u -> st.config = st.config.withUser(st.expand(u.user())).withHistory(in.text(), created);
                    case Instruction.Entrypoint e -> st.config = st.config.withEntrypoint(e.argv()).withHistory(in.text(), created);
                    case Instruction.Cmd c -> st.config = st.config.withCmd(c.argv()).withHistory(in.text(), created);
                    case Instruction.Label l -> {
                        for (var e : l.labels().entrySet()) {
                            st.config = st.config.withLabel(e.getKey(), st.expand(e.getValue()));
                        }
                        st.config = st.config.withHistory(in.text(), created);
                    }
                }
            }
            StoredImage image = store.publish(tag, st.config, st.layers);
            progress.detail("image " + tag + " " + image.id().shortHex() + " (" + built + " layers built, " + reused
                    + " reused)");
            return new Result(image, built, reused);
        }
    }

    private LayerPublisher publisher() {
        return new LayerPublisher(store, options);
    }

    private void report(LayerPublisher.Published p, int entries) {
        progress.detail((p.reused() ? "reused layer " : "new layer ") + p.diffId().shortHex() + " (" + entries
                + " entries, " + p.blob().size() + " bytes compressed)");
    }

    private LayerPublisher.Published run(State st, Instruction.Run r, long timestamp) {
        ObjectNode key = OciJson.MAPPER.createObjectNode();
        key.put("parent", String.valueOf(st.top()));
        r.argv().forEach(key.putArray("argv")::add);
        st.config.env().forEach(key.putArray("env")::add);
        key.put("workdir", st.config.workingDir());
        key.put("user", st.config.user());
        Path cacheFile = cacheFile("run", OciJson.MAPPER.valueToTree(key).toString());
        LayerPublisher.Published cached = cached(cacheFile);
        if (cached != null) {
            progress.detail("reused layer " + cached.diffId().shortHex() + " (RUN cache)");
            return cached;
        }
        Path work = store.layout().tmp().resolve("run-" + UUID.randomUUID());
        try {
            Path upper = Files.createDirectories(work.resolve("upper"));
            Path wd = Files.createDirectories(work.resolve("work"));
            var spec = new OverlaySnapshots(store).mountSpec(st.chains, upper, wd);
            runStep.run(new RunStep.RunRequest(r.argv(), st.config.env(), st.config.workingDir(), st.config.user(),
                    spec, upper, r.line()));
            List<TarItem> items = new UpperDiff(upper, st.lowers()).items(timestamp);
            LayerPublisher.Published p = publisher().publish(st.top(), out -> LayerTar.write(items, out), progress::bytes);
            report(p, items.size());
            remember(cacheFile, p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Trees.removeAll(work);
        }
    }

    /** Build cache entries: {@code build-cache/KIND-sha256(key)} → the layer a step produced. */
    private Path cacheFile(String kind, String key) {
        return store.layout().buildCache().resolve(kind + "-" + Digest.of(key).hex());
    }

    private void remember(Path cacheFile, LayerPublisher.Published p) {
        ObjectNode c = OciJson.MAPPER.createObjectNode();
        c.put("diffId", p.diffId().toString());
        c.put("chainId", p.chainId().toString());
        c.set("blob", p.blob().toJson());
        AtomicFiles.write(cacheFile, OciJson.bytes(c), store.layout().tmp());
    }

    private LayerPublisher.Published cached(Path cacheFile) {
        try {
            ObjectNode c = OciJson.parseObject(Files.readAllBytes(cacheFile), cacheFile.toString());
            Digest chain = Digest.parse(OciJson.text(c, "chainId"));
            Descriptor blob = Descriptor.from(c.get("blob"), "build cache");
            if (store.layers().get(chain).isPresent() && store.blobs().has(blob.digest())) {
                return new LayerPublisher.Published(blob, Digest.parse(OciJson.text(c, "diffId")), chain, true);
            }
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | ImageException e) {
            return null; // a damaged cache entry only costs a rebuild
        }
    }

    /** The image being built. */
    private final class State {
        ImageConfig config;
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> chains = new ArrayList<>();

        void from(Instruction.From f, String created) {
            if (config != null) {
                throw new ImageException("line " + f.line() + ": only one FROM is supported (no multi-stage builds)");
            }
            if (f.scratch()) {
                config = ImageConfig.scratch(created);
            } else {
                StoredImage base = store.get(f.image());
                config = base.config();
                layers = new ArrayList<>(base.manifest().layers());
                chains = new ArrayList<>(base.chainIds());
                progress.detail("base " + base.ref() + " " + base.id().shortHex() + " (" + layers.size() + " layers)");
            }
        }

        Digest top() {
            return chains.isEmpty() ? null : chains.getLast();
        }

        List<Path> lowers() {
            List<Path> out = new ArrayList<>();
            for (Digest c : chains.reversed()) {
                out.add(store.layers().require(c).fs());
            }
            return out;
        }

        void addLayer(LayerPublisher.Published p, String text, String created) {
            config = config.withLayer(p.diffId(), text, created);
            layers.add(p.blob());
            chains.add(p.chainId());
        }

        String absolute(String p) {
            return p.startsWith("/") ? p : config.workingDir() + (config.workingDir().endsWith("/") ? "" : "/") + p;
        }

        String expand(String s) {
            Map<String, String> env = ImageConfig.envMap(config.env());
            Matcher m = VAR.matcher(s);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String name = m.group(2) != null ? m.group(2) : m.group(3);
                m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(name, "")));
            }
            m.appendTail(sb);
            return sb.toString();
        }
    }
}
