package io.edgefusion.platform.contract;

import java.util.List;

/** Contract part (c): logs go through the platform's entry and carry {@code requiredField}. */
public record LoggingRules(String rule, String entry, String requiredField, List<MemberRef> forbiddenFields,
                           List<MemberRef> forbiddenCalls, List<String> forbiddenPackages) {
    public String entrySimpleName() {
        return entry.substring(entry.lastIndexOf('/') + 1);
    }
}
