package org.linkdedup.output;

import java.util.List;
import org.linkdedup.link.InputMember;

/**
 * The names a fresh archive index gives a member, as LLVM's archive writer chooses them: every
 * external (global, weak or unique), defined (common and absolute included) symbol of its own table,
 * in table order. A member whose table we do not read (index-only bitcode) keeps what the original
 * index said of it: the loader gives such a member exactly those names, as global definitions.
 */
public final class IndexNames {
    private IndexNames() {
    }

    public static List<String> of(InputMember m) {
        return m.externalDefinitions();
    }
}
