package io.edgefusion.hal.serial;

import io.edgefusion.hal.serial.SerialFrame.Frame;
import io.edgefusion.hal.serial.sim.DeviceSimulator;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.hal.DeviceChannel;
import io.edgefusion.platform.hal.DeviceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serial driver against a simulated device on a real pseudo-terminal pair (posix_openpt through FFM). */
class SerialChannelTest {
    private DeviceSimulator sim;
    private DeviceChannel channel;

    @BeforeEach
    void start() throws IOException {
        sim = DeviceSimulator.start();
        channel = new SerialChannel(new DeviceSpec("plc", "serial", sim.linePath(),
                Map.of("baud", "115200", "timeout_ms", "3000")));
        channel.open();
    }

    @AfterEach
    void stop() throws IOException {
        channel.close();
        sim.close();
    }

    private Frame ask(int seq) throws IOException {
        channel.write(ByteBuffer.wrap(SerialFrame.encode(new Frame(seq, DeviceSimulator.STATUS_REQUEST, 0,
                new byte[0]))));
        ByteBuffer in = ByteBuffer.allocate(SerialFrame.SIZE);
        assertThat(channel.read(in)).isEqualTo(SerialFrame.SIZE);
        return SerialFrame.decode(in.array());
    }

    @Test
    void requestAndReplyRoundTrip() throws IOException {
        assertThat(sim.linePath()).startsWith("/dev/pts/");
        Frame reply = ask(41);
        assertThat(reply.seq()).isEqualTo(41);
        assertThat(reply.type()).isEqualTo(DeviceSimulator.STATUS);
        assertThat(new String(reply.payload(), StandardCharsets.US_ASCII)).isEqualTo("OK 21.5C");
        sim.reading("OK 22.0C");
        assertThat(new String(ask(42).payload(), StandardCharsets.US_ASCII)).isEqualTo("OK 22.0C");
        assertThat(sim.answered()).isEqualTo(2);
    }

    @Test
    void aWrongSizeFrameIsRejectedOnWriteBeforeAnyByteLeaves() throws IOException {
        ByteBuffer shortFrame = ByteBuffer.wrap(new byte[31]);
        assertThatThrownBy(() -> channel.write(shortFrame)).isInstanceOf(FrameRejectedException.class)
                .hasMessage("frame of 31 bytes rejected: the contract pins serial_frame at 32 bytes");
        assertThat(channel.control(SerialChannel.BYTES_AVAILABLE, 0)).isZero();
        assertThat(ask(1).seq()).isEqualTo(1);
        assertThat(sim.rejected()).isZero();
    }

    @Test
    void aWrongSizeFrameFromTheDeviceIsRejectedAndTheLineRecovers() throws IOException {
        // A firmware that grew its frame to 40 bytes: right magic, size field 40.
        ByteBuffer big = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        big.putShort(SerialFrame.MAGIC).putShort((short) 40).putInt(7);
        sim.sendRaw(big.array());
        ByteBuffer in = ByteBuffer.allocate(SerialFrame.SIZE);
        assertThatThrownBy(() -> channel.read(in)).isInstanceOf(FrameRejectedException.class)
                .hasMessage("frame of 40 bytes rejected: the contract pins serial_frame at 32 bytes");
        assertThat(ask(2).seq()).isEqualTo(2);
    }

    @Test
    void controlReportsBytesWaitingAndFlushes() throws Exception {
        sim.sendRaw(SerialFrame.encode(new Frame(9, DeviceSimulator.STATUS, 0, new byte[] {1})));
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (channel.control(SerialChannel.BYTES_AVAILABLE, 0) < SerialFrame.SIZE && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(channel.control(SerialChannel.BYTES_AVAILABLE, 0)).isEqualTo(SerialFrame.SIZE);
        channel.control(SerialChannel.FLUSH, 0);
        assertThat(channel.control(SerialChannel.BYTES_AVAILABLE, 0)).isZero();
        assertThat(channel.control(SerialChannel.SET_BAUD, 9600)).isZero();
        assertThatThrownBy(() -> channel.control(99, 0)).hasMessageContaining("unknown control request 99");
    }

    @Test
    void theDriverSpeaksTheContractsPinnedLayout() {
        assertThat(CoreContract.builtIn().hal().layouts().get("serial_frame").differences(channel.frameLayout()))
                .isEmpty();
        assertThat(SerialFrame.SIZE).isEqualTo(32);
    }

    @Test
    void aCorruptedFrameFailsItsCrc() {
        byte[] wire = SerialFrame.encode(new Frame(1, 2, 0, "x".getBytes(StandardCharsets.US_ASCII)));
        wire[14] ^= 0x40;
        assertThatThrownBy(() -> SerialFrame.decode(wire)).hasMessage("CRC mismatch");
    }
}
