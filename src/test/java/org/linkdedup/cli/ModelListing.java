package org.linkdedup.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's options and positional parameters as text, one line each, in the order of the
 * model: names or label, value type, arity, label, and whatever of required, default, initial
 * value, converter, completion candidates, exclusive group, usage or version help applies.
 * {@code command-models.txt} holds this listing as the annotations gave it.
 */
final class ModelListing {
    private ModelListing() {
    }

    static String of(CommandSpec command) {
        StringBuilder sb = new StringBuilder(command.qualifiedName()).append('\n');
        for (OptionSpec o : command.options()) {
            sb.append("  ").append(String.join(", ", o.names())).append(line(o)).append('\n');
        }
        for (PositionalParamSpec p : command.positionalParameters()) {
            sb.append("  [").append(p.index()).append("]").append(line(p)).append('\n');
        }
        for (ArgGroupSpec g : command.argGroups()) {
            List<String> names = new ArrayList<>();
            g.args().forEach(a -> names.add(((OptionSpec) a).longestName()));
            sb.append("  group ").append(g.exclusive() ? "exclusive " : "").append(g.multiplicity()).append(' ').append(names).append('\n');
        }
        return sb.toString();
    }

    private static String line(ArgSpec a) {
        StringBuilder sb = new StringBuilder("  ").append(typeName(a)).append("  arity ").append(a.arity());
        if (!a.arity().isUnspecified()) {
            sb.append(" (given)");
        }
        if (a.arity().max() > 0) {
            sb.append("  ").append(a.paramLabel());
        }
        if (a.required()) {
            sb.append("  required");
        }
        if (a.defaultValue() != null) {
            sb.append("  default ").append(a.defaultValue());
        }
        Object init = a.initialValue();
        if (init != null && !(init instanceof List<?> l && l.isEmpty()) && !Boolean.FALSE.equals(init)) {
            sb.append("  initially ").append(init);
        }
        for (var c : a.converters()) {
            sb.append("  converter ").append(c.getClass().getSimpleName());
        }
        if (a.completionCandidates() != null) {
            List<String> cs = new ArrayList<>();
            a.completionCandidates().forEach(cs::add);
            sb.append("  candidates ").append(cs);
        }
        if (a instanceof OptionSpec o && (o.usageHelp() || o.versionHelp())) {
            sb.append(o.usageHelp() ? "  usage help" : "  version help");
        }
        if (a.hidden() || a.interactive() || !a.splitRegex().isEmpty() || a.inherited()) {
            sb.append("  hidden/interactive/split/inherited");
        }
        sb.append("  \"").append(String.join(" ", a.description())).append('"');
        return sb.toString();
    }

    private static String typeName(ArgSpec a) {
        String t = a.type().getSimpleName();
        if (a.isMultiValue() && !a.type().isArray()) {
            List<String> aux = new ArrayList<>();
            for (Class<?> c : a.auxiliaryTypes()) {
                aux.add(c.getSimpleName());
            }
            t += "<" + String.join(", ", aux) + ">";
        }
        return t;
    }
}
