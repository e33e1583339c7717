package org.linkdedup.link;

import java.nio.file.Path;
import java.util.List;
import org.linkdedup.archive.Archive;

/**
 * One input of the link order: an archive (with its members) or an object file (one member).
 *
 * @param index   position on the command line
 * @param path    the file
 * @param display the path as the user gave it
 * @param archive the archive, or null for an object file
 * @param members its members in archive order
 * @param freshIndex whether the archive will be written with a fresh symbol index made from its
 *                members' own symbol tables (an archive whose symbols are rewritten): the archive
 *                search then offers each member's external definitions, not what the input's index says
 */
public record LoadedInput(int index, Path path, String display, Archive archive, List<InputMember> members,
        boolean freshIndex) {

    public LoadedInput {
        members = List.copyOf(members);
    }

    /** An input as read: its archive's own index (if any) is what the archive search consults. */
    public LoadedInput(int index, Path path, String display, Archive archive, List<InputMember> members) {
        this(index, path, display, archive, members, false);
    }

    /** This input with {@code rewritten} as its members, to be written with a fresh index. */
    public LoadedInput rewritten(List<InputMember> rewritten) {
        return new LoadedInput(index, path, display, archive, rewritten, true);
    }

    public boolean isArchive() {
        return archive != null;
    }

    /** The file name without directories (what the report prints). */
    public String fileName() {
        Path f = path.getFileName();
        return f == null ? display : org.linkdedup.io.ByteStrings.of(f);
    }
}
