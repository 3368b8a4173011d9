package io.edgefusion.cli.image;

import io.edgefusion.cli.Caller;
import io.edgefusion.node.host.Invocation;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.build.BuildProgress;
import io.edgefusion.image.build.Builder;
import io.edgefusion.image.build.RunStep;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.cli.output.Units;
import io.edgefusion.runtime.build.SandboxRunStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code edgefusion image build -f Buildfile -t NAME:TAG DIR}. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build an image from a Buildfile and a context directory. Instructions (Dockerfile syntax):"
                + " FROM image|scratch, COPY [--chmod=OCTAL] [--chown=UID[:GID]] SRC… DEST, RUN, ENV, WORKDIR,"
                + " USER, ENTRYPOINT, CMD, LABEL.",
                "",
                "Builds are reproducible: entries sorted, owners 0:0 unless --chown, every mtime and the created"
                        + " time set to --timestamp (default $SOURCE_DATE_EPOCH or 0), so the same inputs give the same"
                        + " image digest. Unchanged COPY layers are reused without recompressing: copy vendored"
                        + " dependencies and application classes in separate steps and an app change rebuilds one"
                        + " layer. RUN runs its command in a throwaway sandbox (no network, no injected runtime"
                        + " settings) on the layers so far; what it writes becomes the step's layer."},
        footer = {"", "Example Buildfile for a Java application:",
                "  FROM scratch",
                "  WORKDIR /app",
                "  COPY lib/ lib/",
                "  COPY classes/ classes/",
                "  ENTRYPOINT [\"java\", \"-cp\", \"/app/lib/*:/app/classes\", \"demo.Main\"]",
                "", "Examples:",
                "  edgefusion image build -t demo/app:1.1 .",
                "  edgefusion image build -f ci/Buildfile -t app:1.1 --timestamp 1700000000 ."})
public final class BuildCommand extends StoreCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "BUILDFILE", description = "Buildfile (default: DIR/Buildfile).")
    Path file;

    @Option(names = {"-t", "--tag"}, required = true, paramLabel = "NAME:TAG", description = "Name of the built image.")
    String tag;

    @Option(names = "--timestamp", paramLabel = "SECONDS", description = "Epoch seconds used for every mtime and created time.")
    Long timestamp;

    @Parameters(paramLabel = "DIR", description = "Build context: COPY sources are relative to it.")
    Path context;



    @Override
    void run(ImageStore st) {
        PrintWriter out = out();
        BuildProgress progress = new BuildProgress() {
            @Override
            public void step(int index, int total, String instruction) {
                out.printf("STEP %d/%d: %s%n", index, total, instruction);
                out.flush();
            }

            @Override
            public void detail(String line) {
                out.println("  " + line);
                out.flush();
            }

            @Override
            public void bytes(long n) {
                out.printf("  … %s%n", Units.size(n));
                out.flush();
            }
        };
        long started = System.nanoTime();
        Invocation caller = Caller.current();
        RunStep runStep = new SandboxRunStep(new io.edgefusion.sandbox.Sandboxes(st.layout().stateRoot()),
                caller.out(), caller.err());
        Builder.Result r = new Builder(st, runStep, progress, UnpackOptions.defaults()).build(
                file != null ? file : context.resolve("Buildfile"), context, ImageRef.parse(tag),
                timestamp != null ? timestamp : Builder.defaultTimestamp(caller.env()));
        out.printf("built %s %s in %d ms%n", r.image().ref(), r.image().id(), (System.nanoTime() - started) / 1_000_000);
    }
}
