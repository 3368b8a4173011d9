package io.edgefusion.hal.serial;

import io.edgefusion.hal.serial.sys.Tty;
import io.edgefusion.platform.hal.DeviceChannel;
import io.edgefusion.platform.hal.DeviceSpec;
import io.edgefusion.platform.hal.ImplementsContract;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.nio.ByteBuffer;

/**
 * A DeviceChannel over a serial line (a real UART, or the slave side of a pseudo-terminal), speaking
 * {@link SerialFrame}s. Reads and writes move exactly one 32-byte frame; a frame of any other size is rejected
 * both ways — on write before a byte leaves, on read after skipping the bad frame so the next one is found.
 */
@ImplementsContract("2.3")
public final class SerialChannel implements DeviceChannel {
    /** control(): set the line speed to {@code argument} baud; returns 0. */
    public static final int SET_BAUD = 1;
    /** control(): drop unread input and unsent output; returns 0. */
    public static final int FLUSH = 2;
    /** control(): bytes waiting to be read (ioctl FIONREAD). */
    public static final int BYTES_AVAILABLE = 3;
    /** The largest bogus frame skipped to resynchronise; beyond that the line is considered garbage. */
    static final int MAX_SKIP = 4096;

    private final DeviceSpec device;
    private final int timeoutMs;
    private int fd = -1;

    public SerialChannel(DeviceSpec device) {
        this.device = device;
        this.timeoutMs = device.intSetting("timeout_ms", 2000);
    }

    @Override
    public void open() throws IOException {
        if (fd >= 0) {
            throw new IOException(device.path() + ": already open");
        }
        int f = Tty.open(device.path(), Tty.O_RDWR | Tty.O_NOCTTY | Tty.O_CLOEXEC);
        try {
            Tty.makeRaw(f, device.intSetting("baud", 115200));
        } catch (IOException e) {
            Tty.close(f);
            throw e;
        }
        fd = f;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        requireOpen();
        if (dst.remaining() < SerialFrame.SIZE) {
            throw new IllegalArgumentException("buffer has room for " + dst.remaining() + " bytes, a frame is "
                    + SerialFrame.SIZE);
        }
        byte[] header = readFully(4);
        int size = SerialFrame.headerSize(header);
        if (size < 0) {
            Tty.flush(fd);
            throw new FrameRejectedException("bad magic: line flushed to resynchronise");
        }
        if (size != SerialFrame.SIZE) {
            if (size > 4 && size <= MAX_SKIP) {
                readFully(size - 4);
            } else {
                Tty.flush(fd);
            }
            throw FrameRejectedException.wrongSize(size);
        }
        byte[] rest = readFully(SerialFrame.SIZE - 4);
        byte[] wire = new byte[SerialFrame.SIZE];
        System.arraycopy(header, 0, wire, 0, 4);
        System.arraycopy(rest, 0, wire, 4, rest.length);
        SerialFrame.decode(wire);
        dst.put(wire);
        return SerialFrame.SIZE;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        requireOpen();
        if (src.remaining() != SerialFrame.SIZE) {
            throw FrameRejectedException.wrongSize(src.remaining());
        }
        byte[] wire = new byte[SerialFrame.SIZE];
        src.get(wire);
        SerialFrame.decode(wire);
        Tty.write(fd, wire);
        return SerialFrame.SIZE;
    }

    @Override
    public long control(int request, long argument) throws IOException {
        requireOpen();
        return switch (request) {
            case SET_BAUD -> {
                Tty.makeRaw(fd, Math.toIntExact(argument));
                yield 0;
            }
            case FLUSH -> {
                Tty.flush(fd);
                yield 0;
            }
            case BYTES_AVAILABLE -> Tty.bytesAvailable(fd);
            default -> throw new IllegalArgumentException("unknown control request " + request
                    + " (SET_BAUD=1, FLUSH=2, BYTES_AVAILABLE=3)");
        };
    }

    @Override
    public void close() throws IOException {
        if (fd >= 0) {
            int f = fd;
            fd = -1;
            Tty.close(f);
        }
    }

    @Override
    public MemoryLayout frameLayout() {
        return SerialFrame.LAYOUT;
    }

    private void requireOpen() throws IOException {
        if (fd < 0) {
            throw new IOException(device.path() + ": channel is not open");
        }
    }

    private byte[] readFully(int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            if (!Tty.awaitInput(fd, timeoutMs)) {
                throw new IOException(device.path() + ": no data within " + timeoutMs + " ms (" + got + " of " + n
                        + " bytes)");
            }
            int r = Tty.read(fd, b, got, n - got);
            if (r == 0) {
                throw new IOException(device.path() + ": line closed");
            }
            got += r;
        }
        return b;
    }
}
