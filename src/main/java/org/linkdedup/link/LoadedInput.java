package org.linkdedup.link;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
 * @param digests by archive member position, the digest of the member's data as it was read, for the
 *                members the loader digested to find those with the same bytes (a written copy of the
 *                member is checked against it)
 */
public record LoadedInput(int index, Path path, String display, Archive archive, List<InputMember> members,
        boolean freshIndex, Map<Integer, Long> digests) {

    public LoadedInput {
        members = List.copyOf(members);
        digests = Map.copyOf(digests);
    }

    /** An input as read: its archive's own index (if any) is what the archive search consults. */
    public LoadedInput(int index, Path path, String display, Archive archive, List<InputMember> members) {
        this(index, path, display, archive, members, false, Map.of());
    }

    /**
     * An input as read whose archive members at the positions {@code digests} holds had those
     * digests ({@link org.linkdedup.io.ByteView#contentDigests}) when they were read.
     */
    public LoadedInput(int index, Path path, String display, Archive archive, List<InputMember> members, Map<Integer, Long> digests) {
        this(index, path, display, archive, members, false, digests);
    }

    /** This input with {@code rewritten} as its members, to be written with a fresh index. */
    public LoadedInput rewritten(List<InputMember> rewritten) {
        return new LoadedInput(index, path, display, archive, rewritten, true, digests);
    }

    /** The digest of the data of the archive member at {@code position} as it was read, when the loader took one. */
    public OptionalLong digest(int position) {
        Long d = digests.get(position);
        return d == null ? OptionalLong.empty() : OptionalLong.of(d);
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
