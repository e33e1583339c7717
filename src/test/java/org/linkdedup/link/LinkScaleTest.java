package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.linkdedup.objfile.OtherFile;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;

/**
 * A perry-sized link: 20 archives of 350 members, each member defining 100 runtime names that
 * every archive bundles and referring to 50 of the previous member's (so GNU ld needs one pass per
 * member of the first archive), plus one unique name per archive that main.o pulls.
 */
class LinkScaleTest {
    private static final int ARCHIVES = 20;
    private static final int MEMBERS = 350;
    private static final int DEFINED = 100;
    private static final int REFERENCED = 50;
    private static List<LoadedInput> inputs;

    @BeforeAll
    static void build() {
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
        inputs = List.copyOf(in);
    }

    private static Symbol def(String name) {
        return new Symbol(name, Definition.DEFINED, Binding.GLOBAL, Type.FUNCTION, 0, 1, SectionKind.CODE, Visibility.HIDDEN, null);
    }

    private static Symbol ref(String name) {
        return new Symbol(name, Definition.UNDEFINED, Binding.GLOBAL, Type.NOTYPE, 0, Symbol.NO_SECTION, SectionKind.NONE,
                Visibility.DEFAULT, null);
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void aPerrySizedLinkIsFast(LinkerModel model) {
        LinkSimulator.simulate(inputs, LinkOptions.of(model));   // warm up
        long start = System.nanoTime();
        LinkResult r = LinkSimulator.simulate(inputs, LinkOptions.of(model));
        long ms = (System.nanoTime() - start) / 1_000_000;
        // the first archive is loaded whole, then member 0 of each other archive for its unique name
        assertEquals(1 + MEMBERS + (ARCHIVES - 1), r.loaded().size());
        assertEquals(List.of(), r.unresolved());
        int duplicates = (ARCHIVES - 1) * DEFINED;
        assertEquals(model == LinkerModel.LD64 ? DEFINED : duplicates, r.diagnostics(), model.cliName());
        assertTrue(ms < 3000, model + " took " + ms + " ms");
    }

    @Test
    void excludingMembersIsCheap() {
        Set<MemberId> excluded = new HashSet<>();
        for (int a = 2; a <= ARCHIVES; a++) {
            for (int j = 1; j < MEMBERS; j++) {
                excluded.add(new MemberId(a, j));
            }
        }
        LinkOptions options = LinkOptions.of(LinkerModel.GNU).withExcluded(excluded);
        LinkSimulator.simulate(inputs, options);
        long start = System.nanoTime();
        LinkResult r = LinkSimulator.simulate(inputs, options);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1 + MEMBERS + (ARCHIVES - 1), r.loaded().size());
        assertTrue(ms < 3000, "took " + ms + " ms");
    }
}
