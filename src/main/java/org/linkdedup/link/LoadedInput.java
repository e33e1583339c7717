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
 */
public record LoadedInput(int index, Path path, String display, Archive archive, List<InputMember> members) {

    public LoadedInput {
        members = List.copyOf(members);
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
