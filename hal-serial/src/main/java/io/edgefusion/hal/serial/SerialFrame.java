package io.edgefusion.hal.serial;

import io.edgefusion.platform.hal.Pinned;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The serial line's frame, exactly as the contract pins {@code serial_frame}: 32 bytes, little-endian —
 * magic, size (always 32; a receiver rejects anything else), sequence number, type, status, payload length,
 * 16 payload bytes, CRC-32 of the 28 bytes before it.
 */
public final class SerialFrame {
    public static final short MAGIC = (short) 0xEF5A;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @Pinned("serial_frame")
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withOrder(LE).withName("magic"),
            ValueLayout.JAVA_SHORT.withOrder(LE).withName("size"),
            ValueLayout.JAVA_INT.withOrder(LE).withName("seq"),
            ValueLayout.JAVA_BYTE.withName("type"),
            ValueLayout.JAVA_BYTE.withName("status"),
            ValueLayout.JAVA_SHORT.withOrder(LE).withName("length"),
            MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("payload"),
            ValueLayout.JAVA_INT.withOrder(LE).withName("crc"));

    public static final int SIZE = (int) LAYOUT.byteSize();
    public static final int PAYLOAD = 16;
    static final long PAYLOAD_OFFSET = LAYOUT.byteOffset(groupElement("payload"));
    static final long CRC_OFFSET = LAYOUT.byteOffset(groupElement("crc"));

    private static final VarHandle MAGIC_H = LAYOUT.varHandle(groupElement("magic"));
    private static final VarHandle SIZE_H = LAYOUT.varHandle(groupElement("size"));
    private static final VarHandle SEQ_H = LAYOUT.varHandle(groupElement("seq"));
    private static final VarHandle TYPE_H = LAYOUT.varHandle(groupElement("type"));
    private static final VarHandle STATUS_H = LAYOUT.varHandle(groupElement("status"));
    private static final VarHandle LENGTH_H = LAYOUT.varHandle(groupElement("length"));
    private static final VarHandle CRC_H = LAYOUT.varHandle(groupElement("crc"));

    private SerialFrame() {
    }

    /** A decoded frame. */
    public record Frame(int seq, int type, int status, byte[] payload) {
        public Frame {
            if (payload.length > PAYLOAD) {
                throw new IllegalArgumentException("payload is " + payload.length + " bytes, a frame holds " + PAYLOAD);
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** Encodes a frame into its 32 wire bytes. */
    public static byte[] encode(Frame f) {
        try (Arena arena = Arena.ofConfined()) {
            return encode(f, arena.allocate(LAYOUT));
        }
    }

    private static byte[] encode(Frame f, MemorySegment s) {
        MAGIC_H.set(s, 0L, MAGIC);
        SIZE_H.set(s, 0L, (short) SIZE);
        SEQ_H.set(s, 0L, f.seq());
        TYPE_H.set(s, 0L, (byte) f.type());
        STATUS_H.set(s, 0L, (byte) f.status());
        LENGTH_H.set(s, 0L, (short) f.payload().length);
        MemorySegment.copy(MemorySegment.ofArray(f.payload()), 0, s, PAYLOAD_OFFSET, f.payload().length);
        CRC_H.set(s, 0L, crc(s));
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    /** Decodes 32 wire bytes, checking magic, size, length and CRC. */
    public static Frame decode(byte[] wire) throws FrameRejectedException {
        if (wire.length != SIZE) {
            throw FrameRejectedException.wrongSize(wire.length);
        }
        // Heap arrays carry no alignment guarantee; the pinned layout is naturally aligned, so copy off-heap.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(LAYOUT);
            MemorySegment.copy(MemorySegment.ofArray(wire), 0, s, 0, SIZE);
            return decode(s);
        }
    }

    private static Frame decode(MemorySegment s) throws FrameRejectedException {
        if ((short) MAGIC_H.get(s, 0L) != MAGIC) {
            throw new FrameRejectedException("bad magic 0x" + Integer.toHexString(Short.toUnsignedInt((short) MAGIC_H.get(s, 0L))));
        }
        int size = Short.toUnsignedInt((short) SIZE_H.get(s, 0L));
        if (size != SIZE) {
            throw FrameRejectedException.wrongSize(size);
        }
        int length = Short.toUnsignedInt((short) LENGTH_H.get(s, 0L));
        if (length > PAYLOAD) {
            throw new FrameRejectedException("payload length " + length + " exceeds " + PAYLOAD);
        }
        if ((int) CRC_H.get(s, 0L) != crc(s)) {
            throw new FrameRejectedException("CRC mismatch");
        }
        byte[] payload = s.asSlice(PAYLOAD_OFFSET, length).toArray(ValueLayout.JAVA_BYTE);
        return new Frame((int) SEQ_H.get(s, 0L), Byte.toUnsignedInt((byte) TYPE_H.get(s, 0L)),
                Byte.toUnsignedInt((byte) STATUS_H.get(s, 0L)), payload);
    }

    /** The size field of a frame header (first 4 bytes); -1 when the magic is wrong. */
    static int headerSize(byte[] header) {
        MemorySegment s = MemorySegment.ofArray(header);
        if (s.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE), 0) != MAGIC) {
            return -1;
        }
        return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE), 2));
    }

    private static int crc(MemorySegment s) {
        CRC32 c = new CRC32();
        c.update(s.asSlice(0, CRC_OFFSET).asByteBuffer());
        return (int) c.getValue();
    }
}
