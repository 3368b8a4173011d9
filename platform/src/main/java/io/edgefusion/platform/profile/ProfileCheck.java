package io.edgefusion.platform.profile;

import io.edgefusion.platform.yaml.Problem;

import java.util.List;
import java.util.Optional;

/** A validated profile, or what is wrong with it (each problem at its {@code file:line:col}). */
public record ProfileCheck(Optional<Profile> profile, List<Problem> problems) {
    public boolean ok() {
        return problems.isEmpty() && profile.isPresent();
    }

    /** The profile, or an exception whose message is the first problem (for build and node start). */
    public Profile orThrow() {
        if (!ok()) {
            throw new InvalidProfileException(problems);
        }
        return profile.orElseThrow();
    }
}
