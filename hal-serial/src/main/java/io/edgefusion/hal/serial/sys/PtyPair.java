package io.edgefusion.hal.serial.sys;

/** A pseudo-terminal: the master fd (the simulated device holds it) and the slave path (the serial line). */
public record PtyPair(int masterFd, String slavePath) {
}
