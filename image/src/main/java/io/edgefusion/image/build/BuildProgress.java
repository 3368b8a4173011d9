package io.edgefusion.image.build;

/** What a build reports while it runs (the CLI prints it; tests may record it). */
public interface BuildProgress {
    /** Step {@code index} of {@code total} (1-based) starts. */
    void step(int index, int total, String instruction);

    /** A line about the current step: the layer it made or reused, files copied, … */
    void detail(String line);

    /** Bytes processed so far in a long step (reported every few MB). */
    default void bytes(long n) {
    }

    BuildProgress NONE = new BuildProgress() {
        @Override
        public void step(int index, int total, String instruction) {
        }

        @Override
        public void detail(String line) {
        }
    };
}
