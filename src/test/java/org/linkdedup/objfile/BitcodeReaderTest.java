package org.linkdedup.objfile;

import org.linkdedup.io.FileMagic;
import static org.junit.jupiter.api.Assertions.*;
import static org.linkdedup.objfile.bitcode.BitWriter.*;
import static org.linkdedup.objfile.bitcode.IrSymtab.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;
import org.linkdedup.objfile.bitcode.Abbrev.Encoding;
import org.linkdedup.objfile.bitcode.BitCodes;
import org.linkdedup.objfile.bitcode.BitWriter;
import org.linkdedup.objfile.bitcode.IrSymtabBuilder;

/** Whole bitcode files assembled byte by byte: raw, wrapped, multi-module, index-only and malformed. */
class BitcodeReaderTest {
    private static final int GLOBAL = 1 << FB_GLOBAL;
    private static final int EXEC = 1 << FB_EXECUTABLE;
    private static final String PRODUCER = "LLVM19.1.7";

    /** An IDENTIFICATION_BLOCK whose STRING record is a char6 array when it can be, else 8-bit. */
    private static BitWriter identification(BitWriter w, String producer) {
        boolean char6 = producer.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '.' || ch == '_');
        w.enterBlock(BitCodes.IDENTIFICATION_BLOCK_ID, 5)
                .defineAbbrev(literal(BitCodes.IDENTIFICATION_CODE_STRING), op(Encoding.ARRAY),
                        char6 ? op(Encoding.CHAR6) : fixedOp(8))
                .abbrevId(4).vbr(producer.length(), 6);
        for (char ch : producer.toCharArray()) {
            if (char6) {
                w.fixed(Character.isLowerCase(ch) ? ch - 'a' : Character.isUpperCase(ch) ? ch - 'A' + 26
                        : Character.isDigit(ch) ? ch - '0' + 52 : ch == '.' ? 62 : 63, 6);
            } else {
                w.fixed(ch, 8);
            }
        }
        return w.unabbrevRecord(2, 0).endBlock();  // EPOCH 0
    }

    /** A MODULE_BLOCK that is an error if parsed (abbreviation id 9 is never defined): it must be skipped. */
    private static BitWriter module(BitWriter w) {
        return w.enterBlock(BitCodes.MODULE_BLOCK_ID, 4).abbrevId(9).bytes(0xde, 0xad, 0xbe, 0xef).endBlock();
    }

    private static BitWriter file(String producer, int modules, IrSymtabBuilder.Blobs blobs) {
        BitWriter w = BitWriter.stream();
        for (int i = 0; i < modules; i++) {
            module(identification(w, producer));
        }
        if (blobs != null) {
            w.blobBlock(BitCodes.SYMTAB_BLOCK_ID, BitCodes.SYMTAB_BLOB, blobs.symtab());
        }
        return w.blobBlock(BitCodes.STRTAB_BLOCK_ID, BitCodes.STRTAB_BLOB,
                blobs == null ? "f".getBytes() : blobs.strtab());
    }

    private static BitcodeObject read(byte[] bytes) {
        return read(ByteView.of(bytes, "t.bc"));
    }

    private static BitcodeObject read(ByteView view) {
        assertEquals(FileMagic.BITCODE, FileMagic.of(view));
        return (BitcodeObject) ObjectFiles.read(view, new NameInterner());
    }

    private static IrSymtabBuilder oneModule() {
        IrSymtabBuilder b = new IrSymtabBuilder();
        int comdat = b.comdat("weak_fn");
        return b.module()
                .symbol("def_fn", GLOBAL | EXEC)
                .symbol("weak_fn", "weak_fn", comdat, GLOBAL | 1 << FB_WEAK | EXEC)
                .symbol("tls_var", GLOBAL | 1 << FB_TLS)
                .symbol("hidden_var", GLOBAL | HIDDEN_VISIBILITY << FB_VISIBILITY)
                .symbol("prot_fn", GLOBAL | EXEC | PROTECTED_VISIBILITY << FB_VISIBILITY)
                .symbol("common_var", GLOBAL | 1 << FB_COMMON).uncommon(4, 4, "")
                .symbol("alias_name", GLOBAL | 1 << FB_INDIRECT | EXEC)
                .symbol("local_fn", EXEC)
                .symbol("ext", GLOBAL | 1 << FB_UNDEFINED)
                .symbol("weak_ref", GLOBAL | 1 << FB_UNDEFINED | 1 << FB_WEAK)
                .symbol("llvm.global_ctors", GLOBAL | 1 << FB_FORMAT_SPECIFIC);
    }

    private static final List<Symbol> ONE_MODULE_SYMBOLS = List.of(
            bc("def_fn", Definition.DEFINED, Binding.GLOBAL, Type.FUNCTION, Visibility.DEFAULT, null),
            bc("weak_fn", Definition.DEFINED, Binding.WEAK, Type.FUNCTION, Visibility.DEFAULT, "weak_fn"),
            bc("tls_var", Definition.DEFINED, Binding.GLOBAL, Type.TLS, Visibility.DEFAULT, null),
            bc("hidden_var", Definition.DEFINED, Binding.GLOBAL, Type.OBJECT, Visibility.HIDDEN, null),
            bc("prot_fn", Definition.DEFINED, Binding.GLOBAL, Type.FUNCTION, Visibility.PROTECTED, null),
            new Symbol("common_var", Definition.COMMON, Binding.GLOBAL, Type.OBJECT, 4, Symbol.COMMON_SECTION,
                    SectionKind.NONE, Visibility.DEFAULT, null),
            bc("alias_name", Definition.DEFINED, Binding.GLOBAL, Type.FUNCTION, Visibility.DEFAULT, null),
            bc("local_fn", Definition.DEFINED, Binding.LOCAL, Type.FUNCTION, Visibility.DEFAULT, null),
            bc("ext", Definition.UNDEFINED, Binding.GLOBAL, Type.OBJECT, Visibility.DEFAULT, null),
            bc("weak_ref", Definition.UNDEFINED, Binding.WEAK, Type.OBJECT, Visibility.DEFAULT, null));

    /** A bitcode symbol: no size, no section. */
    private static Symbol bc(String name, Definition d, Binding b, Type t, Visibility v, String comdat) {
        return new Symbol(name, d, b, t, 0, Symbol.NO_SECTION, SectionKind.NONE, v, comdat);
    }

    private static void assertError(String expected, Runnable action) {
        InputFormatException e = assertThrows(InputFormatException.class, action::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void readsTheIrsymtabAsALinkerSeesIt() {
        byte[] bytes = file(PRODUCER, 1, oneModule().build()).bytes(0, 0, 0, 0).toByteArray();  // trailing padding
        BitcodeObject o = read(bytes);
        assertEquals(SymbolSource.BITCODE, o.source());
        assertEquals(PRODUCER, o.producer());
        assertEquals("x86_64-pc-linux-gnu", o.triple());
        assertNull(o.note());
        assertEquals(ONE_MODULE_SYMBOLS, o.symbols());
    }

    @Test
    void readsTheWrapperHeader() {
        byte[] stream = file(PRODUCER, 1, oneModule().build()).toByteArray();
        ByteBuffer b = ByteBuffer.allocate(BitCodes.WRAPPER_HEADER_SIZE + 4 + stream.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) BitCodes.WRAPPER_MAGIC).putInt(0).putInt(24).putInt(stream.length).putInt(0x01000007);
        b.position(24);
        b.put(stream);
        BitcodeObject o = read(b.array());
        assertEquals(ONE_MODULE_SYMBOLS, o.symbols());
        assertEquals(PRODUCER, o.producer());
    }

    @Test
    void wrapperWhoseBitcodeRunsPastTheMember() {
        byte[] stream = file(PRODUCER, 1, oneModule().build()).toByteArray();
        ByteBuffer b = ByteBuffer.allocate(100 + BitCodes.WRAPPER_HEADER_SIZE + stream.length).order(ByteOrder.LITTLE_ENDIAN);
        b.position(100);
        b.putInt((int) BitCodes.WRAPPER_MAGIC).putInt(0).putInt(20).putInt(stream.length + 1).putInt(0);
        b.put(stream);
        int size = BitCodes.WRAPPER_HEADER_SIZE + stream.length;
        ByteView member = ByteView.of(b.array(), "lib.a").member("w.o", 100, size);
        assertError("lib.a(w.o) at byte 112: bitcode wrapper size " + (stream.length + 1) + " (at offset 20)"
                + " runs past the end of the member (" + size + " bytes)", () -> read(member));
    }

    @Test
    void wrapperAroundSomethingElse() {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) BitCodes.WRAPPER_MAGIC).putInt(0).putInt(20).putInt(20).putInt(0);
        assertError("t.bc at byte 20: bitcode stream does not start with 'BC' 0xC0DE", () -> read(b.array()));
    }

    @Test
    void readsEveryModuleOfAMultiModuleFile() {
        IrSymtabBuilder b = new IrSymtabBuilder().module().symbol("a_def", GLOBAL | EXEC).symbol("shared", GLOBAL | 1 << FB_UNDEFINED)
                .module().symbol("shared", GLOBAL | EXEC).symbol("b_ref", GLOBAL | 1 << FB_UNDEFINED);
        BitcodeObject o = read(file(PRODUCER, 2, b.build()).toByteArray());
        assertEquals(List.of("a_def", "shared", "shared", "b_ref"), o.symbols().stream().map(Symbol::name).toList());
        assertEquals(List.of(false, true, false, true), o.symbols().stream().map(Symbol::isUndefined).toList());
    }

    @Test
    void symbolTableThatDoesNotCoverEveryModuleIsIndexOnly() {
        BitcodeObject o = read(file(PRODUCER, 2, oneModule().build()).toByteArray());
        assertEquals(SymbolSource.INDEX_ONLY, o.source());
        assertEquals("irsymtab describes 1 modules but the file has 2", o.note());
        assertEquals(List.of(), o.symbols());
    }

    @Test
    void noSymbolTableBlockIsIndexOnly() {
        String rust = "LLVM22.1.2-rust-1.95.0-stable";  // not char6: written as an 8-bit array
        BitcodeObject o = read(file(rust, 1, null).toByteArray());
        assertEquals(SymbolSource.INDEX_ONLY, o.source());
        assertEquals(rust, o.producer());
        assertEquals("no symbol table block (producer " + rust + ")", o.note());
        assertEquals(List.of(), o.symbols());
    }

    @Test
    void otherStorageVersionIsIndexOnly() {
        BitcodeObject o = read(file(PRODUCER, 1, oneModule().version(4).build()).toByteArray());
        assertEquals(SymbolSource.INDEX_ONLY, o.source());
        assertEquals("irsymtab storage version 4, expected 3", o.note());
    }

    @Test
    void symbolTableWithoutAStringTableAfterItIsIndexOnly() {
        BitWriter w = module(identification(BitWriter.stream(), PRODUCER))
                .blobBlock(BitCodes.STRTAB_BLOCK_ID, BitCodes.STRTAB_BLOB, new byte[] {1})
                .blobBlock(BitCodes.SYMTAB_BLOCK_ID, BitCodes.SYMTAB_BLOB, oneModule().build().symtab());
        BitcodeObject o = read(w.toByteArray());
        assertEquals("no string table block after the symbol table block", o.note());
    }

    @Test
    void strPastTheStringTableNamesTheAbsoluteOffset() {
        IrSymtabBuilder b = oneModule();
        IrSymtabBuilder.Blobs blobs = b.build();
        IrSymtabBuilder.patch(blobs.symtab(), b.symbolOffset(2) + 4, 5000);
        BitWriter w = module(identification(BitWriter.stream(), PRODUCER))
                .blobBlock(BitCodes.SYMTAB_BLOCK_ID, BitCodes.SYMTAB_BLOB, blobs.symtab());
        int at = w.lastBlobOffset() + b.symbolOffset(2);
        long offset = ByteView.of(blobs.symtab(), "s").u32(b.symbolOffset(2));
        byte[] bytes = w.blobBlock(BitCodes.STRTAB_BLOCK_ID, BitCodes.STRTAB_BLOB, blobs.strtab()).toByteArray();
        assertError("t.bc at byte " + at + ": symbol 2 name of 5000 bytes at string table offset " + offset
                + " runs past the end of the string table (" + blobs.strtab().length + " bytes)", () -> read(bytes));
    }

    @Test
    void mutatedFilesFailOnlyWithInputFormatException() {
        byte[] good = file(PRODUCER, 2, new IrSymtabBuilder().module().symbol("a", GLOBAL | EXEC)
                .module().symbol("b", GLOBAL | 1 << FB_COMMON).uncommon(8, 8, ".bss").build()).toByteArray();
        Random random = new Random(9);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = good.clone();
            for (int k = random.nextInt(6); k >= 0 && bytes.length > 5; k--) {  // the magic stays
                int at = 4 + random.nextInt(bytes.length - 4);
                if (random.nextInt(8) == 0) {
                    bytes = Arrays.copyOf(bytes, at);
                } else {
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            byte[] input = bytes;
            try {
                read(input);
            } catch (InputFormatException expected) {
                // the only way out for malformed input
            } catch (RuntimeException e) {
                throw new AssertionError("mutation " + i + ": " + e, e);
            }
        }
    }

    @Test
    void truncatedFile() {
        byte[] whole = file(PRODUCER, 1, oneModule().build()).toByteArray();
        byte[] cut = Arrays.copyOf(whole, whole.length - 40);
        InputFormatException e = assertThrows(InputFormatException.class, () -> read(cut));
        assertTrue(e.reason().contains("runs past the end of the stream"), e.getMessage());
    }
}
