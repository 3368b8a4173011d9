package io.edgefusion.sandbox.testing;

import io.edgefusion.sandbox.Held;
import io.edgefusion.sandbox.Sandboxes;

import java.nio.file.Path;

/**
 * A stand-in for {@code commit} killed mid-way: {@code FreezeMain ROOT SANDBOX} holds the sandbox and freezes it
 * exactly as commit does, prints "frozen", then waits forever so the test can SIGKILL it while it is frozen.
 */
public final class FreezeMain {
    private FreezeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Sandboxes sb = new Sandboxes(Path.of(args[0]));
        Held held = sb.hold(args[1]);
        held.freeze();
        System.out.println("frozen");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
