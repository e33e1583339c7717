package org.linkdedup.output;

import java.util.List;
import org.linkdedup.link.InputMember;

/**
 * The names a fresh archive index gives a member, as LLVM's archive writer chooses them: every
 * external (global, weak or unique), defined (common and absolute included) symbol of its own table,
 * in table order. A member whose table we do not read (index-only bitcode) keeps what the original
 * index said of it: the loader gives such a member exactly those names, as global definitions.
 *
 * <p>A name holding a NUL byte (possible only in LLVM bitcode's symbol table, whose strings have a
 * length) is left out: an ar index ends each name at NUL, so no index can list it and no linker
 * could find it there; writing it would make the index name something else.
 */
public final class IndexNames {
    private IndexNames() {
    }

    public static List<String> of(InputMember m) {
        List<String> names = m.externalDefinitions();
        return names.stream().anyMatch(n -> n.indexOf('\0') >= 0) ? names.stream().filter(n -> n.indexOf('\0') < 0).toList() : names;
    }
}
