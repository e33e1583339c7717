package org.linkdedup.link;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.linkdedup.objfile.OtherFile;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;

/**
 * Builds synthetic link inputs from short symbol specs, nm-style: {@code "T f"} strong code
 * (a function in section 1, code), {@code "D d"} strong data (an object in section 2, data), {@code "W f"} weak code, {@code "V d"} weak data, {@code "C c"}
 * common, {@code "A a"} absolute, {@code "U f"} strong reference, {@code "w f"} weak reference,
 * {@code "t f"} local. Suffixes: {@code hidden}, {@code group=SIG} (COMDAT group).
 */
final class Synth {
    private final List<LoadedInput> inputs = new ArrayList<>();

    /** A member spec: its name and symbols. */
    record M(String name, List<Symbol> symbols, boolean undefinedKnown) {
    }

    static M m(String name, String... symbols) {
        return new M(name, parse(symbols), true);
    }

    /** A member whose references are unknown (index-only bitcode). */
    static M unknownRefs(String name, String... symbols) {
        return new M(name, parse(symbols), false);
    }

    Synth obj(String name, String... symbols) {
        int i = inputs.size();
        InputMember m = new InputMember(new MemberId(i, 0), name, null, new OtherFile("synthetic"), parse(symbols), true);
        inputs.add(new LoadedInput(i, Path.of(name), name, null, List.of(m)));
        return this;
    }

    Synth ar(String name, M... members) {
        int i = inputs.size();
        List<InputMember> ms = new ArrayList<>();
        for (int p = 0; p < members.length; p++) {
            ms.add(new InputMember(new MemberId(i, p), name, members[p].name(), new OtherFile("synthetic"),
                    members[p].symbols(), members[p].undefinedKnown()));
        }
        inputs.add(new LoadedInput(i, Path.of(name), name, null, ms));
        return this;
    }

    List<LoadedInput> inputs() {
        return List.copyOf(inputs);
    }

    LinkResult link(LinkerModel model) {
        return LinkSimulator.simulate(inputs, LinkOptions.of(model));
    }

    LinkResult link(LinkOptions options) {
        return LinkSimulator.simulate(inputs, options);
    }

    /** The member displayed as {@code display} ({@code A.a(a1.o)} or {@code main.o}). */
    MemberId id(String display) {
        for (LoadedInput in : inputs) {
            for (InputMember m : in.members()) {
                if (m.display().equals(display)) {
                    return m.id();
                }
            }
        }
        throw new IllegalArgumentException("no member " + display);
    }

    static String display(LinkResult r, MemberId id) {
        return r.member(id).display();
    }

    /** The loaded archive members, displayed, sorted. */
    static Set<String> loadedMembers(LinkResult r) {
        Set<String> out = new TreeSet<>();
        for (MemberId id : r.loaded()) {
            InputMember m = r.member(id);
            if (m.name() != null) {
                out.add(m.display());
            }
        }
        return out;
    }

    /** Every loaded member, displayed, in load order. */
    static List<String> loadOrder(LinkResult r) {
        return r.loaded().stream().map(id -> r.member(id).display()).toList();
    }

    static String binding(LinkResult r, String name) {
        return r.bindingOf(name).map(id -> r.member(id).display()).orElse(null);
    }

    static List<Symbol> parse(String... specs) {
        List<Symbol> out = new ArrayList<>();
        for (String spec : specs) {
            String[] w = spec.trim().split("\\s+");
            String name = w[1];
            Visibility vis = Visibility.DEFAULT;
            String group = null;
            for (int k = 2; k < w.length; k++) {
                if (w[k].equals("hidden")) {
                    vis = Visibility.HIDDEN;
                } else if (w[k].startsWith("group=")) {
                    group = w[k].substring(6);
                } else {
                    throw new IllegalArgumentException("bad symbol spec " + spec);
                }
            }
            out.add(switch (w[0]) {
                case "T" -> code(name, Binding.GLOBAL, vis, group);
                case "D" -> data(name, Binding.GLOBAL, vis, group);
                case "W" -> code(name, Binding.WEAK, vis, group);
                case "V" -> data(name, Binding.WEAK, vis, group);
                case "C" -> new Symbol(name, Definition.COMMON, Binding.GLOBAL, Type.OBJECT, 8, Symbol.COMMON_SECTION,
                        SectionKind.NONE, vis, group);
                case "A" -> new Symbol(name, Definition.ABSOLUTE, Binding.GLOBAL, Type.NOTYPE, 0, Symbol.ABSOLUTE_SECTION,
                        SectionKind.NONE, vis, group);
                case "U" -> reference(name, Binding.GLOBAL, vis, group);
                case "w" -> reference(name, Binding.WEAK, vis, group);
                case "t" -> code(name, Binding.LOCAL, vis, group);
                default -> throw new IllegalArgumentException("bad symbol spec " + spec);
            });
        }
        return out;
    }

    private static Symbol code(String name, Binding binding, Visibility vis, String group) {
        return new Symbol(name, Definition.DEFINED, binding, Type.FUNCTION, 1, 1, SectionKind.CODE, vis, group);
    }

    private static Symbol data(String name, Binding binding, Visibility vis, String group) {
        return new Symbol(name, Definition.DEFINED, binding, Type.OBJECT, 8, 2, SectionKind.DATA, vis, group);
    }

    private static Symbol reference(String name, Binding binding, Visibility vis, String group) {
        return new Symbol(name, Definition.UNDEFINED, binding, Type.NOTYPE, 0, Symbol.NO_SECTION, SectionKind.NONE, vis, group);
    }
}
