package org.linkdedup.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.MemberId;
import org.linkdedup.objfile.OtherFile;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;

/**
 * A synthetic perry-sized link: {@link #ARCHIVES} archives of {@link #MEMBERS} members, each member
 * defining {@link #DEFINED} runtime names that every archive bundles and referring to
 * {@link #REFERENCED} of the previous member's (so GNU ld needs one pass per member of the first
 * archive), plus one unique name per archive that main.o pulls. Used by {@code LinkScaleTest} (what
 * the link loads) and {@code bench/LinkScale.java} (how long it takes).
 */
public final class PerrySizedLink {
    public static final int ARCHIVES = 20;
    public static final int MEMBERS = 350;
    public static final int DEFINED = 100;
    public static final int REFERENCED = 50;

    private PerrySizedLink() {
    }

    /** main.o (input 0) and the archives (inputs 1 to {@link #ARCHIVES}). */
    public static List<LoadedInput> inputs() {
        String[] names = new String[MEMBERS * DEFINED];
        for (int i = 0; i < names.length; i++) {
            names[i] = ("_ZN13perry_runtime4name" + i + "17h0123456789abcdefE").intern();
        }
        List<LoadedInput> in = new ArrayList<>();
        List<Symbol> main = new ArrayList<>();
        main.add(def("main"));
        main.add(ref(names[(MEMBERS - 1) * DEFINED]));
        for (int a = 1; a <= ARCHIVES; a++) {
            main.add(ref("unique" + a));
        }
        in.add(new LoadedInput(0, Path.of("main.o"), "main.o", null,
                List.of(new InputMember(new MemberId(0, 0), "main.o", null, new OtherFile("synthetic"), main, true))));
        for (int a = 1; a <= ARCHIVES; a++) {
            List<InputMember> members = new ArrayList<>(MEMBERS);
            for (int j = 0; j < MEMBERS; j++) {
                List<Symbol> syms = new ArrayList<>(DEFINED + REFERENCED + 1);
                for (int s = 0; s < DEFINED; s++) {
                    syms.add(def(names[j * DEFINED + s]));
                }
                for (int s = 0; j > 0 && s < REFERENCED; s++) {
                    syms.add(ref(names[(j - 1) * DEFINED + s]));
                }
                if (j == 0) {
                    syms.add(def("unique" + a));
                }
                members.add(new InputMember(new MemberId(a, j), "lib" + a + ".a", "cgu" + j + ".o",
                        new OtherFile("synthetic"), syms, true));
            }
            in.add(new LoadedInput(a, Path.of("lib" + a + ".a"), "lib" + a + ".a", null, members));
        }
        return List.copyOf(in);
    }

    private static Symbol def(String name) {
        return new Symbol(name, Definition.DEFINED, Binding.GLOBAL, Type.FUNCTION, 0, 1, SectionKind.CODE, Visibility.HIDDEN, null);
    }

    private static Symbol ref(String name) {
        return new Symbol(name, Definition.UNDEFINED, Binding.GLOBAL, Type.NOTYPE, 0, Symbol.NO_SECTION, SectionKind.NONE,
                Visibility.DEFAULT, null);
    }
}
