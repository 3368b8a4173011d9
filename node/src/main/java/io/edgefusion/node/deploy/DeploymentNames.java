package io.edgefusion.node.deploy;

import java.util.regex.Pattern;

/**
 * What may name a deployment or a workload: a DNS label (RFC 1123: lowercase letters, digits and '-', starting
 * and ending with a letter or digit), at most {@link #MAX} characters, so that the sandbox a rollout starts,
 * {@code <deployment>-<workload>-r<revision>}, is always a valid sandbox name (at most 128 characters) and a
 * name is safe in a URL path ({@code /v1/deployments/NAME}) without escaping.
 */
public final class DeploymentNames {
    /** 50 + 1 + 50 + "-r" + 10 digits of revision stays under the sandbox name limit of 128. */
    public static final int MAX = 50;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    /** The rule, as error messages state it. */
    public static final String RULE = "1 to " + MAX + " of a-z, 0-9 and '-', starting and ending with a letter or"
            + " digit";

    private DeploymentNames() {
    }

    public static boolean valid(String name) {
        return name != null && name.length() <= MAX && LABEL.matcher(name).matches();
    }
}
