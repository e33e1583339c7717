package org.linkdedup.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileErrors;
import org.linkdedup.io.InputFormatException;

/**
 * An ar archive, validated when it was opened: its flavor, whether it is thin, its regular members
 * in order and its decoded symbol index. Immutable; member bytes are read on demand from the
 * memory-mapped file.
 */
public final class Archive {
    private final Path path;
    private final ByteView bytes;
    private final ArchiveFlavor flavor;
    private final boolean thin;
    private final List<ArchiveMember> members;
    private final SymbolIndex index;

    Archive(Path path, ByteView bytes, ArchiveFlavor flavor, boolean thin, List<ArchiveMember> members, SymbolIndex index) {
        this.path = path;
        this.bytes = bytes;
        this.flavor = flavor;
        this.thin = thin;
        this.members = List.copyOf(members);
        this.index = index;
    }

    public Path path() {
        return path;
    }

    public ArchiveFlavor flavor() {
        return flavor;
    }

    public boolean isThin() {
        return thin;
    }

    public List<ArchiveMember> members() {
        return members;
    }

    /** The decoded symbol index, checked when the archive was opened. */
    public SymbolIndex index() {
        return index;
    }

    /** {@link #indexNamesByMember()}, once computed: every simulated link of a run asks for it. */
    private volatile List<List<String>> indexNamesByMember;

    /**
     * The names the index gives each member, by member position ({@link SymbolIndex#namesByMember}
     * for this archive's members), computed once: unmodifiable lists.
     */
    public List<List<String>> indexNamesByMember() {
        List<List<String>> names = indexNamesByMember;
        if (names == null) {
            names = List.copyOf(index.namesByMember(members.size()));
            indexNamesByMember = names;
        }
        return names;
    }

    /**
     * Computes {@link #indexNamesByMember()} now, each name replaced by {@code canonical}'s instance
     * of it (an interner the members' symbol names go through too): a simulated link looks every
     * name an index offers up in tables keyed by symbol names, and a lookup that finds the same
     * object compares no characters. The names are equal either way.
     */
    public void canonicalizeIndexNames(UnaryOperator<String> canonical) {
        List<List<String>> byMember = index.namesByMember(members.size());
        List<List<String>> out = new ArrayList<>(byMember.size());
        for (List<String> names : byMember) {
            String[] c = new String[names.size()];
            for (int k = 0; k < c.length; k++) {
                c[k] = canonical.apply(names.get(k));
            }
            out.add(List.of(c));
        }
        indexNamesByMember = List.copyOf(out);
    }

    /** The whole archive file. */
    public ByteView bytes() {
        return bytes;
    }

    /**
     * The bytes of {@code m}, labelled with its name for errors. A thin archive's member is mapped
     * from its own file.
     */
    public ByteView data(ArchiveMember m) {
        if (!m.isExternal()) {
            return bytes.member(m.name(), m.dataOffset(), m.size());
        }
        try {
            ByteView file = ByteView.map(m.external());
            return file.member(m.name(), 0, file.size());
        } catch (IOException e) {
            throw new InputFormatException(path.toString(), m.name(), m.headerOffset(),
                    "thin archive member file " + m.external() + " cannot be read: " + FileErrors.reason(e), e);
        }
    }

    @Override
    public String toString() {
        return path + " (" + flavor + (thin ? ", thin" : "") + ", " + members.size() + " members)";
    }
}
