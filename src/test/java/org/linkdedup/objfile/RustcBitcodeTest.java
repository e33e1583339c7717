package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;
import static org.linkdedup.objfile.ExternalTools.check;
import static org.linkdedup.objfile.ExternalTools.require;
import static org.linkdedup.objfile.ExternalTools.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.io.ByteView;

/**
 * LLVM version skew: the stable rustc embeds a newer LLVM (22 for rustc 1.95) than Debian's llvm-nm 14
 * and 19, which list none of a rustc bitcode member's symbols: they fail on it ("Opaque pointers are
 * only supported in -opaque-pointers mode", "Unknown attribute kind (102)") or say "no symbols".
 * linkdedup reads the member's own irsymtab, whatever LLVM wrote it.
 */
class RustcBitcodeTest {
    private static final String LIB_RS = """
            #[no_mangle] pub extern "C" fn rs_exported(x: u32) -> u32 { x.wrapping_mul(3) + rs_helper(x) }
            #[inline(never)] fn rs_helper(x: u32) -> u32 { x ^ 7 }
            extern "C" { fn c_imported(x: u32) -> u32; }
            #[no_mangle] pub extern "C" fn rs_calls_c(x: u32) -> u32 { unsafe { c_imported(x) } }
            #[no_mangle] pub static RS_STATIC: u32 = 42;
            pub fn generic_user() -> String { format!("{}", 5) }
            """;

    @TempDir
    Path dir;

    private static List<String> names(List<Symbol> symbols, boolean defined) {
        return symbols.stream().filter(s -> s.isExternal() && s.isDefined() == defined).map(Symbol::name).sorted().toList();
    }

    /** llvm-nm lists none of {@code defined}: it failed on the file or printed "no symbols". */
    private void assertNmListsNothing(String nm, String file, List<String> defined) throws Exception {
        ExternalTools.Result r = run(dir, nm, "--extern-only", file);
        for (String name : defined) {
            assertFalse(r.out().contains(name), nm + " listed " + name + ":\n" + r.out());
        }
        assertTrue(r.exit() != 0 || r.out().contains("no symbols"), nm + " output:\n" + r.out() + r.err());
    }

    @Test
    void rustcBitcodeIsReadWhereOldLlvmNmSeesNothing() throws Exception {
        String rustc = require("rustc");
        String nm14 = require("llvm-nm-14");
        Files.writeString(dir.resolve("lib.rs"), LIB_RS);
        check(dir, rustc, "--edition", "2021", "-O", "--crate-type=rlib", "--crate-name", "skew",
                "--emit=llvm-bc", "-o", "skew.bc", "lib.rs");

        ObjectFile o = ObjectFiles.read(ByteView.map(dir.resolve("skew.bc")), new NameInterner());
        BitcodeObject bitcode = assertInstanceOf(BitcodeObject.class, o);
        assertEquals(SymbolSource.BITCODE, bitcode.source());
        assertTrue(bitcode.producer().matches("LLVM\\d+.*-rust-.*"), bitcode.producer());
        List<String> defined = names(bitcode.symbols(), true);
        assertTrue(defined.containsAll(List.of("RS_STATIC", "rs_calls_c", "rs_exported")), defined.toString());
        assertTrue(defined.stream().anyMatch(n -> n.startsWith("_ZN4skew12generic_user")), defined.toString());
        assertTrue(names(bitcode.symbols(), false).contains("c_imported"));

        assertNmListsNothing(nm14, "skew.bc", defined);
        assertNmListsNothing(require("llvm-nm-19"), "skew.bc", defined);
    }

    @Test
    void linkerPluginLtoRlibMemberMatchesTheArchiveIndex() throws Exception {
        String rustc = require("rustc");
        String nm14 = require("llvm-nm-14");
        Files.writeString(dir.resolve("lib.rs"), LIB_RS);
        check(dir, rustc, "--edition", "2021", "-O", "-C", "linker-plugin-lto", "--crate-type=rlib",
                "--crate-name", "skew", "-o", "libskew.rlib", "lib.rs");

        Archive archive = ArchiveReader.open(dir.resolve("libskew.rlib"));
        List<List<String>> index = archive.index().namesByMember(archive.members().size());
        int bitcodeMembers = 0;
        for (ArchiveMember m : archive.members()) {
            if (!(ObjectFiles.read(archive.data(m), new NameInterner()) instanceof BitcodeObject b)) {
                continue;
            }
            bitcodeMembers++;
            assertEquals(SymbolSource.BITCODE, b.source(), m.name());
            List<String> defined = names(b.symbols(), true);
            assertEquals(index.get(m.position()).stream().sorted().toList(), defined, "index names of " + m.name());
            assertTrue(names(b.symbols(), false).contains("c_imported"), m.name());
        }
        assertEquals(1, bitcodeMembers, "rustc -C linker-plugin-lto writes its code as one bitcode member");
        List<String> allDefined = index.stream().flatMap(List::stream).toList();
        assertFalse(allDefined.isEmpty());
        assertNmListsNothing(nm14, "libskew.rlib", allDefined);
    }
}
