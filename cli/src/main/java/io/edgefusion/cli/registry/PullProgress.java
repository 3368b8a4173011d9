package io.edgefusion.cli.registry;

import io.edgefusion.cli.output.Units;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.registry.PullListener;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * docker's pull display: on a terminal, one line per layer ({@code <short id>: Downloading 3.1 MiB/10 MiB}),
 * redrawn in place with ANSI cursor-up; otherwise one summary line per layer when it is done (a log stays
 * readable). Calls come from the download threads, hence synchronized.
 */
final class PullProgress implements PullListener {
    private final PrintWriter err;
    private final boolean tty;
    private final boolean quiet;
    private final List<String> lines = new ArrayList<>();
    private int drawn;

    PullProgress(PrintWriter err, boolean tty, boolean quiet) {
        this.err = err;
        this.tty = tty;
        this.quiet = quiet;
    }

    @Override
    public synchronized void resolved(String endpoint, Digest manifest, List<Descriptor> layers) {
        if (quiet) {
            return;
        }
        err.println("from " + endpoint + ": manifest " + manifest + ", " + layers.size() + " layers");
        layers.forEach(l -> lines.add(l.digest().shortHex() + ": Waiting"));
        redraw();
    }

    @Override
    public synchronized void layer(int index, Descriptor blob, LayerState state, long bytes) {
        if (quiet || index >= lines.size()) {
            return;
        }
        String id = blob.digest().shortHex();
        String text = switch (state) {
            case ALREADY_EXISTS -> "Already exists";
            case WAITING -> "Waiting";
            case DOWNLOADING -> "Downloading " + Units.size(bytes) + "/" + Units.size(blob.size());
            case RESUMING -> "Resuming at " + Units.size(bytes) + "/" + Units.size(blob.size());
            case VERIFIED -> "Download complete (" + Units.size(blob.size()) + ", digest verified)";
            case FAILED -> "Failed";
        };
        if (lines.get(index).equals(id + ": " + text)) {
            return; // nothing moved: a redraw would only repaint the same frame (each layer starts Waiting twice)
        }
        lines.set(index, id + ": " + text);
        if (tty) {
            redraw();
        } else if (state == LayerState.ALREADY_EXISTS || state == LayerState.VERIFIED || state == LayerState.FAILED
                || state == LayerState.RESUMING) {
            err.println(id + ": " + text);
            err.flush();
        }
    }

    @Override
    public synchronized void note(String message) {
        if (!quiet) {
            err.println(message);
            drawn = 0;
        }
    }

    private void redraw() {
        if (!tty) {
            return;
        }
        StringBuilder b = new StringBuilder();
        if (drawn > 0) {
            b.append("\u001b[").append(drawn).append('A');
        }
        for (String l : lines) {
            b.append("\r\u001b[2K").append(l).append('\n');
        }
        drawn = lines.size();
        err.print(b);
        err.flush();
    }

    synchronized void finish() {
        err.flush();
    }
}
