package io.edgefusion.image.build;

import java.util.List;
import java.util.Map;

/** One Buildfile instruction; {@code line} is where it starts, {@code text} its source as written (for history). */
public sealed interface Instruction {
    int line();

    String text();

    /** FROM IMAGE, or FROM scratch for an empty root. */
    record From(int line, String text, String image) implements Instruction {
        public boolean scratch() {
            return image.equals("scratch");
        }
    }

    /** COPY [--chmod=OCTAL] [--chown=UID[:GID]] SRC… DEST. */
    record Copy(int line, String text, List<String> sources, String dest, Integer chmod, Integer uid, Integer gid)
            implements Instruction {
    }

    /** RUN, executed in a sandbox by a {@link RunStep}; its upper dir becomes the layer. */
    record Run(int line, String text, List<String> argv) implements Instruction {
    }

    record Env(int line, String text, Map<String, String> vars) implements Instruction {
    }

    record Workdir(int line, String text, String dir) implements Instruction {
    }

    record User(int line, String text, String user) implements Instruction {
    }

    record Entrypoint(int line, String text, List<String> argv) implements Instruction {
    }

    record Cmd(int line, String text, List<String> argv) implements Instruction {
    }

    record Label(int line, String text, Map<String, String> labels) implements Instruction {
    }
}
