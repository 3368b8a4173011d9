package io.edgefusion.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Set;

/**
 * Options accepted before the verb as well as after it, as docker's global options: {@code edgefusion --root DIR
 * ps} is {@code edgefusion ps --root DIR}. The verb's own value wins when both are given; a verb that keeps no
 * state ignores it.
 */
final class GlobalOptions {
    /** Global options that take a value; {@link Commands#register} skips their values when finding the verb. */
    static final Set<String> WITH_VALUE = Set.of("--root");

    private GlobalOptions() {
    }

    /** Copies each global option given to the top command into the verb that will run, unless it has its own. */
    static void apply(CommandLine.ParseResult top) {
        List<CommandLine> chain = top.asCommandLineList();
        CommandLine leaf = chain.getLast();
        for (String name : WITH_VALUE) {
            if (!top.hasMatchedOption(name) || leaf == chain.getFirst()) {
                continue;
            }
            OptionSpec own = leaf.getCommandSpec().findOption(name);
            CommandLine.ParseResult leafResult = top;
            while (leafResult.hasSubcommand()) {
                leafResult = leafResult.subcommand();
            }
            if (own != null && !leafResult.hasMatchedOption(name)) {
                own.setValue(top.matchedOption(name).getValue());
            }
        }
    }
}
