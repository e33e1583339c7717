package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.linkdedup.objfile.ElfObject;
import org.linkdedup.objfile.MachOObject;
import org.linkdedup.objfile.ObjectFile;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;

/** What counts as code when a linker looks for a data definition to replace a common symbol. */
class LinkRunTest {
    private static final ObjectFile ELF = new ElfObject(true, false, 62, 1, List.of());
    private static final ObjectFile MACHO = new MachOObject(true, false, 0x01000007, 3, 1,
            List.of(new MachOObject.Section("__TEXT", "__text", 0x80000400L),
                    new MachOObject.Section("__DATA", "__data", 0)), List.of());

    private static Symbol def(Type type, int section, SectionKind kind) {
        return new Symbol("c", Definition.DEFINED, Binding.GLOBAL, type, 8, section, kind, Visibility.DEFAULT, null);
    }

    private static InputMember member(ObjectFile object, Symbol s) {
        return new InputMember(new MemberId(0, 0), "a.a", "m.o", object, List.of(s), true);
    }

    private static boolean isCode(ObjectFile object, Symbol s) {
        return LinkRun.isCode(member(object, s), s);
    }

    @Test
    void onElfTheSymbolTypeDecidesNotTheSection() {
        assertTrue(isCode(ELF, def(Type.FUNCTION, 2, SectionKind.CODE)));
        assertTrue(isCode(ELF, def(Type.IFUNC, 2, SectionKind.CODE)));
        assertTrue(isCode(ELF, def(Type.FUNCTION, 3, SectionKind.DATA)));
        assertFalse(isCode(ELF, def(Type.NOTYPE, 2, SectionKind.CODE)));
        assertFalse(isCode(ELF, def(Type.OBJECT, 2, SectionKind.CODE)));
    }

    @Test
    void onMachOTheSectionDecidesAsEntriesHaveNoType() {
        assertTrue(isCode(MACHO, def(Type.NOTYPE, 1, SectionKind.CODE)));
        assertFalse(isCode(MACHO, def(Type.NOTYPE, 2, SectionKind.DATA)));
    }

    @Test
    void replacesCommonSkipsCodeOnlyWhenCodeDoesNotCount() {
        InputMember label = member(ELF, def(Type.NOTYPE, 2, SectionKind.CODE));
        InputMember function = member(ELF, def(Type.FUNCTION, 2, SectionKind.CODE));
        assertTrue(LinkRun.replacesCommon(label, "c", false, false), "GNU ld: an untyped label is data");
        assertFalse(LinkRun.replacesCommon(function, "c", false, false));
        assertTrue(LinkRun.replacesCommon(function, "c", true, false));
    }
}
