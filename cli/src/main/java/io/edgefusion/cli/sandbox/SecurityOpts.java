package io.edgefusion.cli.sandbox;

import io.edgefusion.cli.Caller;
import io.edgefusion.sandbox.seccomp.FilterCompiler;
import io.edgefusion.sandbox.seccomp.FilterTarget;
import io.edgefusion.sandbox.seccomp.PolicyParser;
import io.edgefusion.sandbox.spec.Seccomp;
import io.edgefusion.sandbox.spec.Security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * docker's {@code --security-opt}: {@code seccomp=unconfined|FILE} and {@code no-new-privileges[=true|false]}
 * (docker's older {@code KEY:VALUE} spelling too). A FILE is read and checked here, so a bad policy fails before
 * anything is created, in one line naming the file, line:column and field.
 */
public final class SecurityOpts {
    static final String KNOWN = "known: seccomp=unconfined|FILE, no-new-privileges[=true|false]";

    private SecurityOpts() {
    }

    public static Security parse(List<String> opts) {
        Seccomp seccomp = new Seccomp.DefaultPolicy();
        boolean noNewPrivileges = Security.DEFAULT.noNewPrivileges();
        for (String opt : opts) {
            int sep = indexOfSeparator(opt);
            String key = sep < 0 ? opt : opt.substring(0, sep);
            String value = sep < 0 ? null : opt.substring(sep + 1);
            switch (key) {
                case "seccomp" -> seccomp = seccomp(opt, value);
                case "no-new-privileges" -> noNewPrivileges = switch (value == null ? "true" : value) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("--security-opt " + opt
                            + ": no-new-privileges takes true or false");
                };
                case "apparmor", "label" -> throw new IllegalArgumentException("--security-opt " + opt + ": " + key
                        + " is not supported here (EdgeFusion confines with namespaces, capabilities and seccomp; it"
                        + " has no AppArmor or SELinux integration)");
                default -> throw new IllegalArgumentException("--security-opt " + opt + ": unknown option ("
                        + KNOWN + ")");
            }
        }
        return new Security(seccomp, noNewPrivileges, false);
    }

    /** docker takes both {@code seccomp=FILE} and the older {@code seccomp:FILE}; the first of = or : splits. */
    private static int indexOfSeparator(String opt) {
        int eq = opt.indexOf('=');
        int colon = opt.indexOf(':');
        return eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    }

    private static Seccomp seccomp(String opt, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("--security-opt " + opt + ": expected seccomp=unconfined or"
                    + " seccomp=FILE");
        }
        if (value.equals("unconfined")) {
            return new Seccomp.Unconfined();
        }
        Path file = Caller.resolve(value);
        String json;
        try {
            long size = Files.size(file);
            if (size > PolicyParser.MAX_BYTES) {
                throw new IllegalArgumentException("--security-opt " + opt + ": " + size + " bytes, more than a"
                        + " seccomp policy's limit of " + PolicyParser.MAX_BYTES);
            }
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--security-opt " + opt + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("--security-opt " + opt + ": cannot read: " + e.getMessage());
        }
        // Parse and compile now: errors name the file and the field, and nothing has been created yet.
        FilterCompiler.compile(PolicyParser.parse(json, value), FilterTarget.host(Set.of()));
        return new Seccomp.Custom(value, json);
    }
}
