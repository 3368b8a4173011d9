package io.edgefusion.platform.yaml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a small text input (a profile, a contract, a signature, a key) with a size limit that is checked on the
 * open file's size before a byte is read, so a 40 MB one-line file costs one {@code fstat}, not minutes and
 * gigabytes. The read itself stops at the limit too, in case the file grows between the check and the read.
 */
public final class InputFile {
    /** Profiles and contracts are a few KiB; one MiB leaves room for comments and many devices. */
    public static final long DOCUMENT_LIMIT = 1L << 20;
    /** Signatures and keys are one base64 line. */
    public static final long KEY_LIMIT = 64L << 10;

    private InputFile() {
    }

    /** The file's UTF-8 text; {@link InputRefused} when it is missing, not a regular file, too big or not UTF-8. */
    public static String read(Path file, long limit, String what) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new InputRefused(file.toString(), "a directory, not a file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > limit) {
                throw new InputRefused(file.toString(), what + " of " + human(size) + " is over the " + human(limit)
                        + " limit; not read");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) limit + 1);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // a pipe or /proc file reports size 0: the capped buffer is what bounds it
            }
            if (!buf.hasRemaining()) {
                throw new InputRefused(file.toString(), what + " is over the " + human(limit) + " limit");
            }
            buf.flip();
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buf).toString();
        } catch (NoSuchFileException e) {
            throw new InputRefused(file.toString(), "no such file");
        } catch (CharacterCodingException e) {
            throw new InputRefused(file.toString(), what + " is not UTF-8 text");
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // the JDK prefixes the path to its messages; keep one copy of it
            throw new InputRefused(file.toString(), reason.startsWith(file.toString())
                    ? reason.substring(file.toString().length()).replaceFirst("^:\\s*", "") : reason);
        }
    }

    static String human(long bytes) {
        if (bytes >= 1L << 20) {
            double mib = bytes / (double) (1L << 20);
            return (mib == Math.rint(mib) ? String.valueOf((long) mib) : String.format("%.1f", mib)) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    /** An input refused before parsing; the message is the one line {@code FILE: reason}. */
    public static final class InputRefused extends RuntimeException {
        private final String file;
        private final String reason;

        public InputRefused(String file, String reason) {
            super(file + ": " + reason);
            this.file = file;
            this.reason = reason;
        }

        public String file() {
            return file;
        }

        public String reason() {
            return reason;
        }

        /** The same, as a problem without a line (the file was never parsed). */
        public Problem problem() {
            return new Problem(new SourceMark(file, 0, 0), reason);
        }
    }
}
