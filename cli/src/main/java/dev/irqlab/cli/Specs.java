package dev.irqlab.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Command specifications built with picocli's programmatic API ({@link CommandSpec}), for the
 * commands a user starts most often ({@code run}, {@code matrix}) and the root.
 *
 * <p>Why not annotations there: picocli reads an annotated command by reflection, and each
 * annotation type it meets is a dynamic proxy class the JVM generates at run time; the launcher's
 * start-up archive on JDK 17 cannot hold those classes, so every start paid for them (a fifth of a
 * short run's main thread). A spec built here has the same names, labels, types, arity, initial
 * values, description keys and texts as the annotations gave, so parsing, errors and help are the
 * same ({@code SpecsTest} compares the help with the text the annotated commands printed).
 */
final class Specs {

    private Specs() {
    }

    /** The key picocli files its standard help options under ({@code mixinStandardHelpOptions = true}). */
    static final String STANDARD_HELP = "mixinStandardHelpOptions";

    /**
     * A command's spec around {@code command} (not inspected for annotations), with {@code -h/--help}
     * and {@code -V/--version} as {@code mixinStandardHelpOptions = true} adds them.
     */
    static CommandSpec command(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
        return spec;
    }

    /** Adds the standard help options; picocli adds them after every other option, so call this last. */
    static CommandSpec standardHelp(CommandSpec spec) {
        CommandSpec mixin = CommandSpec.create();
        mixin.addOption(flag(OptionSpec.builder("-h", "--help").usageHelp(true).paramLabel("<helpRequested>")
                .descriptionKey(STANDARD_HELP + ".help").description("Show this help message and exit.")));
        mixin.addOption(flag(OptionSpec.builder("-V", "--version").versionHelp(true).paramLabel("<versionRequested>")
                .descriptionKey(STANDARD_HELP + ".version").description("Print version information and exit.")));
        spec.addMixin(STANDARD_HELP, mixin);
        return spec;
    }

    /** An option's builder, as an annotation without a description key starts it. */
    static OptionSpec.Builder builder(String... names) {
        return OptionSpec.builder(names).descriptionKey("");
    }

    /** An option with one value of {@code type}, absent: null. */
    static OptionSpec option(String name, String label, Class<?> type, String description) {
        return builder(name).paramLabel(label).type(type).auxiliaryTypes(type).arity("1")
                .initialValue(null).description(description).build();
    }

    /** A repeatable option collecting strings into a list (empty when absent). */
    static OptionSpec.Builder list(String name, String label, String description) {
        return builder(name).paramLabel(label).type(List.class).auxiliaryTypes(String.class).arity("1")
                .initialValue(new java.util.ArrayList<String>()).description(description);
    }

    /** A boolean flag (no value), false when absent. */
    static OptionSpec flag(OptionSpec.Builder b) {
        return b.type(boolean.class).auxiliaryTypes(boolean.class).arity("0").initialValue(false).build();
    }

    /** The one required positional parameter, a string. */
    static PositionalParamSpec parameter(String label, String description) {
        return PositionalParamSpec.builder().index("0").paramLabel(label).type(String.class)
                .auxiliaryTypes(String.class).arity("1").required(true).initialValue(null).description(description)
                .build();
    }

    /** The value of {@code spec}'s option {@code name} after parsing (null when absent without a default). */
    static <T> T value(CommandSpec spec, String name, Class<T> type) {
        return type.cast(spec.findOption(name).getValue());
    }

    /** The strings of {@code spec}'s list option {@code name} after parsing, in order. */
    static List<String> strings(CommandSpec spec, String name) {
        List<?> values = value(spec, name, List.class);
        return values.stream().map(String.class::cast).toList();
    }
}
