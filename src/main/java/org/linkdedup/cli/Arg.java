package org.linkdedup.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One option or positional parameter of a command: added to the command's picocli model where it is
 * declared, and its parsed value read as the type it was declared with.
 *
 * <p>The models are built with picocli's API, not from annotations: reading an annotation makes the
 * JDK generate a proxy class for its type on every start (some 4 ms each), which the class-data
 * sharing archive cannot hold, and picocli then reflects over every field. Declare an option in the
 * command or option group that reads it, in the order {@code --help} lists it.
 */
final class Arg<T> {
    private final ArgSpec spec;

    private Arg(ArgSpec spec) {
        this.spec = spec;
        spec.setValue(spec.initialValue());   // what a parse starts from, before any parse (as a field's initializer)
    }

    /** The value parsed, defaulted or initial. */
    T get() {
        return spec.getValue();
    }

    /** A flag of {@code cmd}: false unless given. */
    static Arg<Boolean> flag(CommandSpec cmd, String name, String... description) {
        return option(cmd, boolean.class, flagBuilder(name, description));
    }

    /** A flag of an option group: false unless given. */
    static Arg<Boolean> flag(ArgGroupSpec.Builder group, String name, String... description) {
        OptionSpec o = flagBuilder(name, description).type(boolean.class).build();
        group.addArg(o);
        return new Arg<>(o);
    }

    private static OptionSpec.Builder flagBuilder(String name, String... description) {
        return OptionSpec.builder(name).description(description).initialValue(false);
    }

    /** An option of {@code cmd} with one value of {@code type}: null unless given or defaulted. */
    static <T> Arg<T> option(CommandSpec cmd, Class<T> type, OptionSpec.Builder option) {
        OptionSpec o = option.type(type).build();
        cmd.addOption(o);
        return new Arg<>(o);
    }

    /** A repeatable option of {@code cmd}, each value of {@code element}: empty unless given or defaulted. */
    static <E> Arg<List<E>> list(CommandSpec cmd, Class<E> element, OptionSpec.Builder option) {
        OptionSpec o = option.type(List.class).auxiliaryTypes(element).initialValue(new ArrayList<E>()).build();
        cmd.addOption(o);
        return new Arg<>(o);
    }

    /** A required positional parameter of {@code cmd} with one value of {@code type}. */
    static <T> Arg<T> positional(CommandSpec cmd, Class<T> type, PositionalParamSpec.Builder param) {
        PositionalParamSpec p = param.type(type).required(true).build();
        cmd.addPositional(p);
        return new Arg<>(p);
    }

    /** Required positional parameters of {@code cmd}, each of {@code element}. */
    static <E> Arg<List<E>> positionals(CommandSpec cmd, Class<E> element, PositionalParamSpec.Builder param) {
        PositionalParamSpec p = param.type(List.class).auxiliaryTypes(element).required(true).initialValue(new ArrayList<E>()).build();
        cmd.addPositional(p);
        return new Arg<>(p);
    }
}
