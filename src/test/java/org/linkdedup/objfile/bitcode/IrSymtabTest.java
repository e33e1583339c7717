package org.linkdedup.objfile.bitcode;

import static org.junit.jupiter.api.Assertions.*;
import static org.linkdedup.objfile.bitcode.IrSymtab.*;
import static org.linkdedup.objfile.bitcode.IrSymtabBuilder.patch;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.objfile.bitcode.IrSymtab.IrSymbol;

class IrSymtabTest {
    private static final int GLOBAL = 1 << FB_GLOBAL;

    /** Module 0: a common, a comdat member and a format-specific symbol; module 1: an undefined one. */
    private static IrSymtabBuilder sample() {
        IrSymtabBuilder b = new IrSymtabBuilder();
        int comdat = b.comdat("_Z5twiceIiET_S0_");
        return b.module()
                .symbol("buf", GLOBAL | 1 << FB_COMMON).uncommon(64, 16, ".bss.mine")
                .symbol("_Z5twiceIiET_S0_", "_Z5twiceIiET_S0_", comdat, GLOBAL | 1 << FB_WEAK | 1 << FB_EXECUTABLE
                        | HIDDEN_VISIBILITY << FB_VISIBILITY)
                .symbol("llvm.global_ctors", GLOBAL | 1 << FB_FORMAT_SPECIFIC)
                .module()
                .symbol("ext", GLOBAL | 1 << FB_UNDEFINED)
                .dependentLibrary("m");
    }

    private static IrSymtab read(IrSymtabBuilder.Blobs blobs) {
        return read(blobs.symtab(), blobs.strtab());
    }

    private static IrSymtab read(byte[] symtab, byte[] strtab) {
        return IrSymtab.read(ByteView.of(symtab, "s.bc"), ByteView.of(strtab, "s.bc"));
    }

    private static void assertError(String expected, byte[] symtab, byte[] strtab) {
        InputFormatException e = assertThrows(InputFormatException.class, () -> read(symtab, strtab));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void decodesHeaderModulesSymbolsAndUncommons() {
        IrSymtab t = read(sample().build());
        assertEquals("19.1.7", t.producer());
        assertEquals("x86_64-pc-linux-gnu", t.targetTriple());
        assertEquals("t.c", t.sourceFileName());
        assertEquals(2, t.moduleCount());
        List<IrSymbol> s = t.symbols();
        assertEquals(List.of("buf", "_Z5twiceIiET_S0_", "llvm.global_ctors", "ext"), s.stream().map(IrSymbol::name).toList());

        IrSymbol common = s.get(0);
        assertTrue(common.has(FB_COMMON) && common.has(FB_HAS_UNCOMMON));
        assertEquals(64, common.commonSize());
        assertEquals(16, common.commonAlign());
        assertEquals(".bss.mine", common.sectionName());
        assertNull(common.comdat());

        IrSymbol inline = s.get(1);
        assertEquals("_Z5twiceIiET_S0_", inline.comdat());
        assertEquals(HIDDEN_VISIBILITY, inline.visibility());
        assertTrue(inline.has(FB_WEAK) && inline.has(FB_EXECUTABLE) && !inline.has(FB_HAS_UNCOMMON));
        assertEquals("", inline.sectionName());

        assertTrue(s.get(2).has(FB_FORMAT_SPECIFIC));
        assertTrue(s.get(3).has(FB_UNDEFINED));
    }

    @Test
    void storageVersionIsTheFirstWord() {
        assertEquals(4, IrSymtab.storageVersion(ByteView.of(sample().version(4).build().symtab(), "s.bc")));
        IrSymtabBuilder.Blobs v4 = sample().version(4).build();
        assertError("s.bc at byte 0: irsymtab storage version 4, expected 3", v4.symtab(), v4.strtab());
    }

    @Test
    void headerLongerThanTheBlob() {
        byte[] symtab = patch(new byte[40], 0, STORAGE_VERSION);
        assertError("s.bc at byte 0: irsymtab header of 76 bytes runs past the end of the symbol table (40 bytes)",
                symtab, new byte[0]);
    }

    @Test
    void symbolNamePastTheStringTable() {
        IrSymtabBuilder b = sample();
        IrSymtabBuilder.Blobs blobs = b.build();
        int at = b.symbolOffset(1);
        int strtabSize = blobs.strtab().length;
        long offset = ByteView.of(blobs.symtab(), "s.bc").u32(at);
        patch(blobs.symtab(), at + 4, 1000);
        assertError("s.bc at byte " + at + ": symbol 1 name of 1000 bytes at string table offset " + offset + " runs past the end of"
                + " the string table (" + strtabSize + " bytes)", blobs.symtab(), blobs.strtab());
    }

    @Test
    void stringOffsetPastTheStringTable() {
        IrSymtabBuilder b = sample();
        IrSymtabBuilder.Blobs blobs = b.build();
        int at = b.symbolOffset(3) + 8;
        patch(blobs.symtab(), at, 0xfffffff0L);
        assertError("s.bc at byte " + at + ": symbol 3 IR name of 3 bytes at string table offset 4294967280 runs past"
                + " the end of the string table (" + blobs.strtab().length + " bytes)", blobs.symtab(), blobs.strtab());
    }

    @Test
    void headerStringPastTheStringTable() {
        IrSymtabBuilder.Blobs blobs = sample().build();
        patch(blobs.symtab(), H_TARGET_TRIPLE, blobs.strtab().length);
        assertError("s.bc at byte 44: target triple of 19 bytes at string table offset " + blobs.strtab().length
                + " runs past the end of the string table (" + blobs.strtab().length + " bytes)", blobs.symtab(), blobs.strtab());
    }

    @Test
    void symbolRangePastTheBlob() {
        IrSymtabBuilder b = sample();
        IrSymtabBuilder.Blobs blobs = b.build();
        patch(blobs.symtab(), H_SYMBOLS + 4, 1000);
        assertError("s.bc at byte 28: symbol range of 1000 entries of 24 bytes at offset " + b.symbolOffset(0)
                + " runs past the end of the symbol table (" + blobs.symtab().length + " bytes)", blobs.symtab(), blobs.strtab());
    }

    @Test
    void moduleRangePastTheBlob() {
        IrSymtabBuilder.Blobs blobs = sample().build();
        patch(blobs.symtab(), H_MODULES, 0x7ffffff0);
        assertError("s.bc at byte 12: module range of 2 entries of 12 bytes at offset 2147483632 runs past the end of"
                + " the symbol table (" + blobs.symtab().length + " bytes)", blobs.symtab(), blobs.strtab());
    }

    @Test
    void countsWhoseByteSizeOverflows32BitsAreCaught() {
        IrSymtabBuilder.Blobs blobs = sample().build();
        patch(blobs.symtab(), H_UNCOMMONS + 4, 0xffffffffL);
        InputFormatException e = assertThrows(InputFormatException.class, () -> read(blobs));
        assertEquals(36, e.offset());
    }

    @Test
    void moduleSymbolsOutsideTheSymbolRange() {
        IrSymtabBuilder b = sample();
        IrSymtabBuilder.Blobs blobs = b.build();
        patch(blobs.symtab(), b.moduleOffset(1) + 4, 9);
        assertError("s.bc at byte " + b.moduleOffset(1) + ": module 1 symbols [3, 9) are not inside [3, 4)"
                + " (after the previous module, inside the symbol range)", blobs.symtab(), blobs.strtab());
    }

    @Test
    void overlappingModulesAreRejected() {
        IrSymtabBuilder b = sample();
        IrSymtabBuilder.Blobs blobs = b.build();
        patch(blobs.symtab(), b.moduleOffset(1), 0);
        assertError("s.bc at byte " + b.moduleOffset(1) + ": module 1 symbols [0, 4) are not inside [3, 4)"
                + " (after the previous module, inside the symbol range)", blobs.symtab(), blobs.strtab());
    }

    @Test
    void comdatIndexPastTheComdats() {
        IrSymtabBuilder b = sample();
        IrSymtabBuilder.Blobs blobs = b.build();
        int at = b.symbolOffset(1) + 16;
        patch(blobs.symtab(), at, 7);
        assertError("s.bc at byte " + at + ": symbol 1 names comdat 7 of 1", blobs.symtab(), blobs.strtab());
    }

    @Test
    void uncommonEntryPastTheUncommons() {
        IrSymtabBuilder b = sample();
        IrSymtabBuilder.Blobs blobs = b.build();
        int at = b.symbolOffset(3) + 20;
        patch(blobs.symtab(), at, GLOBAL | 1 << FB_UNDEFINED | 1 << FB_HAS_UNCOMMON);
        assertError("s.bc at byte " + at + ": symbol 3 has an uncommon entry, but the uncommon range (1 entries) has none left",
                blobs.symtab(), blobs.strtab());
    }

    @Test
    void visibilityThreeIsUndefinedInLlvm() {
        IrSymtabBuilder b = sample();
        IrSymtabBuilder.Blobs blobs = b.build();
        int at = b.symbolOffset(3) + 20;
        patch(blobs.symtab(), at, GLOBAL | 3);
        assertError("s.bc at byte " + at + ": symbol 3 has visibility 3 (0 to 2 defined)", blobs.symtab(), blobs.strtab());
    }
}
