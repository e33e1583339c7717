package org.linkdedup.output;

import java.util.List;
import org.linkdedup.archive.Archive;
import org.linkdedup.link.InputMember;
import org.linkdedup.objfile.SymbolSource;

/**
 * The names a fresh archive index gives a member, as LLVM's archive writer chooses them: every
 * external (global, weak or unique), defined (common and absolute included) symbol of its own table,
 * in table order. A member whose table we do not read keeps what its archive's own index said of it,
 * in the order the archive lists them: index-only bitcode (the loader gives such a member exactly
 * those names, as global definitions), an object no reader of ours decodes (a WebAssembly object,
 * an MSVC {@code /GL} object: also index-only) and any other member ({@link SymbolSource#NONE}), so
 * that a written archive never lists fewer names for the members it keeps than its input did. Once a
 * member's symbols are read, they decide.
 *
 * <p>A name holding a NUL byte (possible only in LLVM bitcode's symbol table, whose strings have a
 * length) is left out: an ar index ends each name at NUL, so no index can list it and no linker
 * could find it there; writing it would make the index name something else.
 */
public final class IndexNames {
    private IndexNames() {
    }

    /** The names for {@code m}, a member of {@code source} (null for an input that is not an archive). */
    public static List<String> of(InputMember m, Archive source) {
        boolean known = m.source() == SymbolSource.NATIVE || m.source() == SymbolSource.BITCODE;
        if (known || source == null || m.name() == null) {
            return of(m);
        }
        return source.indexNamesByMember().get(m.id().position());
    }

    /**
     * The names {@code m}'s own symbols give it. Only bitcode's are searched for a NUL: every other
     * table (ELF, Mach-O, COFF string tables, an archive index) ends its names at NUL, and scanning
     * every character of every name of a wrapper (hundreds of thousands of long Rust names) took a
     * tenth of writing it.
     */
    public static List<String> of(InputMember m) {
        List<String> names = m.externalDefinitions();
        if (m.source() != SymbolSource.BITCODE) {
            return names;
        }
        return names.stream().anyMatch(n -> n.indexOf('\0') >= 0) ? names.stream().filter(n -> n.indexOf('\0') < 0).toList() : names;
    }
}
