package io.edgefusion.hal.serial.sim;

import io.edgefusion.hal.serial.FrameRejectedException;
import io.edgefusion.hal.serial.SerialFrame;
import io.edgefusion.hal.serial.SerialFrame.Frame;
import io.edgefusion.hal.serial.sys.PtyPair;
import io.edgefusion.hal.serial.sys.Tty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device on the far end of a pseudo-terminal: it holds the master side and answers each STATUS_REQUEST frame
 * with a STATUS frame echoing the sequence number and reporting its reading. {@link #sendRaw} puts arbitrary
 * bytes on the line, for testing what the driver does with a malformed frame.
 */
public final class DeviceSimulator implements AutoCloseable {
    public static final int STATUS_REQUEST = 1;
    public static final int STATUS = 2;

    private final PtyPair pty;
    private final Thread loop;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private volatile boolean running = true;
    private volatile String reading = "OK 21.5C";

    private DeviceSimulator(PtyPair pty) {
        this.pty = pty;
        this.loop = Thread.ofPlatform().daemon().name("device-sim").unstarted(this::serve);
    }

    /** Opens a pty pair and starts answering on its master side. */
    public static DeviceSimulator start() throws IOException {
        DeviceSimulator s = new DeviceSimulator(Tty.openPty());
        s.loop.start();
        return s;
    }

    /** The serial line a driver opens. */
    public String linePath() {
        return pty.slavePath();
    }

    public void reading(String value) {
        reading = value;
    }

    public int answered() {
        return answered.get();
    }

    public int rejected() {
        return rejected.get();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        Tty.write(pty.masterFd(), bytes);
    }

    private void serve() {
        byte[] wire = new byte[SerialFrame.SIZE];
        int have = 0;
        while (running) {
            try {
                if (!Tty.awaitInput(pty.masterFd(), 100)) {
                    continue;
                }
                int r = Tty.read(pty.masterFd(), wire, have, SerialFrame.SIZE - have);
                if (r <= 0) {
                    continue;
                }
                have += r;
                if (have < SerialFrame.SIZE) {
                    continue;
                }
                have = 0;
                Frame req = SerialFrame.decode(wire);
                if (req.type() == STATUS_REQUEST) {
                    byte[] payload = reading.getBytes(StandardCharsets.US_ASCII);
                    Tty.write(pty.masterFd(), SerialFrame.encode(new Frame(req.seq(), STATUS, 0, payload)));
                    answered.incrementAndGet();
                }
            } catch (FrameRejectedException e) {
                rejected.incrementAndGet();
            } catch (IOException e) {
                // EIO: the line's other side closed; wait for it to reopen or for close()
                if (running) {
                    sleepBriefly();
                }
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Tty.close(pty.masterFd());
    }
}
