package org.linkdedup.archive;

import java.nio.file.Path;

/**
 * One regular member of an archive (the symbol index and long-name table are not members).
 * Members with the same name are distinct members: {@link #position()} tells them apart.
 *
 * @param position     0-based position among the regular members, in archive order
 * @param name         the resolved name (long-name references and {@code #1/NN} names resolved,
 *                     GNU's trailing {@code /} and BSD's NUL padding removed)
 * @param headerOffset offset of the 60-byte header in the archive file
 * @param dataOffset   offset of the member's data in the archive file (for a thin archive, of
 *                     where it would be: the member lives in {@link #external()})
 * @param size         size of the member's data (for {@code #1/NN} names, without the name)
 * @param mtime        the header's date field, as written (kept when the member is rewritten)
 * @param uid          the header's uid field
 * @param gid          the header's gid field
 * @param mode         the header's mode field
 * @param external     for a thin archive, the member file resolved against the archive's directory; else null
 */
public record ArchiveMember(int position, String name, long headerOffset, long dataOffset, long size,
        String mtime, String uid, String gid, String mode, Path external) {

    public boolean isExternal() {
        return external != null;
    }
}
