package io.edgefusion.node.host;

/** A terminal's size as {@code TIOCGWINSZ} reports it: rows and columns, and pixels where the terminal knows them. */
public record WindowSize(int rows, int cols, int xpixel, int ypixel) {
}
