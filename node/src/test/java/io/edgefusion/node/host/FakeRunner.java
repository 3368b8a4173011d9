package io.edgefusion.node.host;

import io.edgefusion.kernel.sys.Terminals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A CommandRunner with a few verbs that show what the node handed over; it records each invocation. */
final class FakeRunner implements CommandRunner {
    final BlockingQueue<Invocation> seen = new LinkedBlockingQueue<>();
    final List<Integer> signals = new CopyOnWriteArrayList<>();
    /** What {@code spawn-vanish} saw of its spawn, whose client it stopped and killed. */
    final BlockingQueue<String> spawnOutcomes = new LinkedBlockingQueue<>();

    @Override
    public int run(Invocation inv) {
        seen.add(inv);
        List<String> a = withoutRoot(inv.args());
        try {
            switch (a.getFirst()) {
                case "exit" -> {
                    return Integer.parseInt(a.get(1));
                }
                case "echo" -> {
                    inv.out().println("out:" + String.join("|", a.subList(1, a.size())));
                    inv.err().println("err:" + inv.cwd());
                    return 0;
                }
                case "cat" -> {
                    inv.out().write(inv.in().readAllBytes());
                    return 0;
                }
                case "fail" -> throw new IllegalStateException("the fake runner fails on purpose");
                case "signals" -> {
                    return signals(inv);
                }
                case "fd-write" -> {
                    // Another process writes to the handed stdout fd through /proc, as a workload would.
                    String target = "/proc/" + inv.fds().pid() + "/fd/" + inv.fds().out();
                    Process p = new ProcessBuilder("sh", "-c", "echo from-another-process > " + target)
                            .redirectErrorStream(true).start();
                    String log = new String(p.getInputStream().readAllBytes());
                    return p.waitFor() == 0 ? 0 : fail(inv, log);
                }
                case "tty" -> {
                    return tty(inv);
                }
                case "spawn" -> {
                    return FakeSpawns.twice(inv);
                }
                case "spawn-kill" -> {
                    return FakeSpawns.killed(inv);
                }
                case "spawn-missing" -> {
                    return FakeSpawns.missing(inv);
                }
                case "helper-exec" -> {
                    return FakeSpawns.helperExec(inv, java.nio.file.Path.of(a.get(1)));
                }
                case "spawn-vanish" -> {
                    spawnOutcomes.add(FakeSpawns.vanish(inv));
                    return 0;
                }
                case "oci" -> {
                    inv.out().println("oci:" + String.join(" ", a.subList(1, a.size())));
                    return 0;
                }
                default -> {
                    inv.err().println("fake: unknown verb " + a.getFirst());
                    return 125;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verb and its arguments: the global {@code --root DIR} / {@code --root=DIR} dropped, as the CLI would. */
    private static List<String> withoutRoot(List<String> args) {
        if (!args.isEmpty() && args.getFirst().startsWith("--root=")) {
            return args.subList(1, args.size());
        }
        if (args.size() >= 2 && args.getFirst().equals("--root")) {
            return args.subList(2, args.size());
        }
        return args;
    }

    private int signals(Invocation inv) throws InterruptedException {
        CountDownLatch all = new CountDownLatch(4);
        try (var sub = inv.signals().subscribe(s -> {
            signals.add(s);
            all.countDown();
        })) {
            inv.out().println("ready");
            return all.await(60, TimeUnit.SECONDS) ? 0 : 124;
        }
    }

    /** Reports what a terminal-aware command sees, changes the size from outside and waits for the WINCH. */
    private int tty(Invocation inv) throws IOException, InterruptedException {
        // stty may set rows and cols with one ioctl each: a WINCH per change, so wait for the final size.
        java.util.concurrent.Semaphore winch = new java.util.concurrent.Semaphore(0);
        try (var sub = inv.signals().subscribe(s -> {
            if (s == ClientProtocol.SIGWINCH) {
                winch.release();
            }
        })) {
            inv.out().println("tty=" + Terminals.isTerminal(inv.fds().out()) + " size=" + size(inv));
            String tty = "/proc/" + inv.fds().pid() + "/fd/" + inv.fds().in();
            Process p = new ProcessBuilder("stty", "-F", tty, "rows", "50", "cols", "120").inheritIO().start();
            if (p.waitFor() != 0) {
                return 124;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!size(inv).equals("50x120")) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !winch.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    return 124;
                }
            }
            inv.out().println("resized size=" + size(inv));
            return 0;
        }
    }

    private static String size(Invocation inv) {
        return inv.signals().windowSize().map(w -> w.rows() + "x" + w.cols()).orElse("none");
    }

    private static int fail(Invocation inv, String why) {
        inv.err().println(why);
        return 1;
    }
}
