package org.linkdedup.link;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;
import org.linkdedup.io.InputFiles;
import org.linkdedup.io.Parallel;
import org.linkdedup.io.Progress;
import org.linkdedup.objfile.BitcodeObject;
import org.linkdedup.objfile.NameInterner;
import org.linkdedup.objfile.ObjectFile;
import org.linkdedup.objfile.ObjectFiles;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.SymbolSource;

/**
 * Opens the inputs of a link and reads every member's symbols, in parallel across members. The
 * result does not depend on scheduling: members keep their order, and when several members are
 * malformed the error reported is the first one in link order.
 *
 * <p>Members with the same bytes are read once per load and share what their reader made of them
 * (every Rust staticlib bundles its own byte-identical copies of std, core, alloc, tokio and the
 * runtime, so a link of six wrappers holds most objects seven times): a reader's result is a value
 * computed from the member's bytes alone, and the names in it are interned already. Which members
 * are the same is decided by length and a 64-bit digest ({@link ByteView#contentDigests}) read from
 * the file, for the members whose length another member of the load has; the digests are read
 * without touching the mappings, so shared members' pages are never made resident at all. Two
 * members whose {@link InputMember#object()} is the same instance have the same bytes: work that
 * depends on a member's bytes alone may be shared by that identity (a symbol rewrite is).
 */
public final class InputLoader {
    /** Members shorter than this are read each time: their digest would cost about what reading them does. */
    static final long SHARE_MIN_SIZE = 4096;

    private final NameInterner names;
    private final boolean locals;
    private final boolean share;
    private final long shareMinSize;

    /**
     * A loader that keeps local symbols only when {@code locals} (listings want them; links do not)
     * and reads identical members of one load once when {@code share}.
     */
    public InputLoader(NameInterner names, boolean locals, boolean share) {
        this(names, locals, share, SHARE_MIN_SIZE);
    }

    /** Sharing members of at least {@code shareMinSize} bytes (tests share small ones). */
    InputLoader(NameInterner names, boolean locals, boolean share, long shareMinSize) {
        this.names = names;
        this.locals = locals;
        this.share = share;
        this.shareMinSize = shareMinSize;
    }

    /** {@link #InputLoader(NameInterner, boolean, boolean)} without sharing: a listing reads one input per load. */
    public InputLoader(NameInterner names, boolean locals) {
        this(names, locals, false);
    }

    /** A loader for links: external symbols only, identical members read once. */
    public InputLoader() {
        this(new NameInterner(), false, true);
    }

    public NameInterner names() {
        return names;
    }

    /** Reads {@code paths}, a link order without markers (see {@link #load(LinkOrder)}). */
    public List<LoadedInput> load(List<Path> paths) throws IOException {
        return load(LinkOrder.of(paths));
    }

    /**
     * Reads the inputs of {@code order}: loaded input {@code i} is {@code order.get(i)}, with index
     * {@code i}, and its members have the ids {@code (i, position)}. An input that changes while it
     * is read (a build still writing it) fails the load with an
     * {@link org.linkdedup.io.InputChangedException} naming it.
     */
    public List<LoadedInput> load(LinkOrder order) throws IOException {
        InputFiles files = new InputFiles();
        return files.read(() -> load(order, files));
    }

    private List<LoadedInput> load(LinkOrder order, InputFiles files) throws IOException {
        List<Path> paths = order.paths();
        // Opened in order (mapping is cheap; a file that cannot be opened ends the list), then read as
        // containers in parallel; the error reported is the first in link order either way.
        List<ByteView> views = new ArrayList<>(paths.size());
        IOException openFailed = null;
        for (Path p : paths) {
            try {
                views.add(files.open(p));
            } catch (IOException e) {
                openFailed = e;
                break;
            }
        }
        Archive[] read0 = new Archive[views.size()];
        Parallel.forEach(views.size(), i -> {
            ByteView v = views.get(i);
            try {
                Archive a = ArchiveReader.isArchive(v) ? ArchiveReader.read(paths.get(i), v) : null;
                if (a == null && FileMagic.of(v) == FileMagic.OTHER) {
                    // A linker rejects such an input (or reads it as a script): planning around it would hide that.
                    throw v.error(0, v.size() == 0 ? "empty file: not an archive or an object file"
                            : "not an archive or an object file");
                }
                if (a != null && share && a.index().isPresent()) {
                    // a link's simulations look every index name up among the symbol names: the same objects
                    a.canonicalizeIndexNames(names::intern);
                }
                read0[i] = a;
            } finally {
                InputFiles.surfaceFault();
            }
        });
        if (openFailed != null) {
            throw openFailed;
        }
        List<Archive> archives = java.util.Arrays.asList(read0);
        List<int[]> work = new ArrayList<>();   // (input, member) pairs to read
        for (int i = 0; i < paths.size(); i++) {
            Archive a = archives.get(i);
            int n = a == null ? 1 : a.members().size();
            for (int m = 0; m < n; m++) {
                work.add(new int[] {i, m});
            }
        }
        Progress progress = Progress.global();
        progress.start("reading " + paths.size() + (paths.size() == 1 ? " input" : " inputs"), work.size());
        Content[][] contents = share ? contents(views, archives, shareMinSize) : new Content[paths.size()][];
        Map<Content, ObjectFile> shared = new ConcurrentHashMap<>();
        InputMember[] read = new InputMember[work.size()];
        Parallel.forEach(work.size(), k -> {
            int i = work.get(k)[0];
            int m = work.get(k)[1];
            try {
                Content c = contents[i] == null ? null : contents[i][m];
                read[k] = readMember(i, paths.get(i), views.get(i), archives.get(i), m, c == null ? null : shared, c);
            } finally {
                InputFiles.surfaceFault();   // in this task, where load's caller sees it
                progress.advance();
            }
        });
        List<LoadedInput> out = new ArrayList<>(paths.size());
        int k = 0;
        for (int i = 0; i < paths.size(); i++) {
            Archive a = archives.get(i);
            int n = a == null ? 1 : a.members().size();
            List<InputMember> members = new ArrayList<>(n);
            for (int m = 0; m < n; m++) {
                members.add(read[k++]);
            }
            LinkInput in = order.get(i);
            Map<Integer, Long> digests = new HashMap<>();
            if (contents[i] != null) {
                for (int m = 0; m < n; m++) {
                    if (contents[i][m] != null) {
                        digests.put(m, contents[i][m].digest());
                    }
                }
            }
            out.add(new LoadedInput(in.index(), in.path(), in.display(), a, members, digests));
        }
        return out;
    }

    /**
     * A member's bytes as far as sharing goes: their length and digest. Its equals and hashCode are
     * written out, as in the other records used as hash keys on every run's path ({@link MemberId},
     * {@link LinkOptions}, {@link org.linkdedup.objfile.SymbolEdits}): a record's own are made at
     * their first call by {@code ObjectMethods}, which spins a few dozen method-handle classes that
     * the class-data archive does not hold, some 10 ms of a one-wrapper run's start.
     */
    record Content(long size, long digest) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Content c && c.size == size && c.digest == digest;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(digest);   // the digest spreads; equal digests of other lengths are rare
        }
    }

    /**
     * For each archive input, by member position, the content of each member worth sharing: one of
     * at least {@code minSize} bytes whose length another member of the load has (null for
     * the others, and for inputs that are not regular archives). The digests of each archive are
     * read in one pass over its file, the archives in parallel.
     */
    private static Content[][] contents(List<ByteView> views, List<Archive> archives, long minSize) throws IOException {
        Map<Long, Integer> lengths = new HashMap<>();
        for (Archive a : archives) {
            if (a != null && !a.isThin()) {
                for (ArchiveMember m : a.members()) {
                    if (m.size() >= minSize) {
                        Integer n = lengths.get(m.size());
                        lengths.put(m.size(), n == null ? 1 : n + 1);
                    }
                }
            }
        }
        // One file given more than once (a link line that names an archive twice to resolve a cycle,
        // or through two paths) is digested once: the first input with its identity.
        Map<Object, Integer> firstOfFile = new HashMap<>();
        int[] sameFileAs = new int[archives.size()];
        for (int i = 0; i < archives.size(); i++) {
            Object id = views.get(i).fileIdentity();
            Integer first = id == null || archives.get(i) == null ? null : firstOfFile.putIfAbsent(id, i);
            sameFileAs[i] = first == null ? i : first;
        }
        Content[][] out = new Content[archives.size()][];
        Parallel.forEach(archives.size(), i -> {
            Archive a = archives.get(i);
            if (a == null || a.isThin() || sameFileAs[i] != i) {
                return;
            }
            // Plain loops, not streams: the build's training link (perry-mini) has no member large enough
            // to share, so lambdas here would be spun at every run instead of coming from the class-data archive.
            List<ArchiveMember> members = new ArrayList<>();
            for (ArchiveMember m : a.members()) {
                if (m.size() >= minSize && lengths.getOrDefault(m.size(), 0) > 1) {
                    members.add(m);
                }
            }
            if (members.isEmpty()) {
                return;
            }
            long[] offsets = new long[members.size()];
            long[] sizes = new long[members.size()];
            for (int k = 0; k < offsets.length; k++) {
                offsets[k] = members.get(k).dataOffset();
                sizes[k] = members.get(k).size();
            }
            try {
                long[] digests = views.get(i).contentDigests(offsets, sizes);
                Content[] c = new Content[a.members().size()];
                for (int k = 0; k < members.size(); k++) {
                    c[members.get(k).position()] = new Content(sizes[k], digests[k]);
                }
                out[i] = c;
            } finally {
                InputFiles.surfaceFault();
            }
        });
        for (int i = 0; i < out.length; i++) {
            out[i] = out[sameFileAs[i]];
        }
        return out;
    }

    /**
     * Member {@code position} of {@code archive} (the whole {@code file} when it is not an archive);
     * read through {@code shared} when {@code content} is known: the first member with those bytes
     * is read, the others take its result.
     */
    private InputMember readMember(int input, Path path, ByteView file, Archive archive, int position,
            Map<Content, ObjectFile> shared, Content content) {
        MemberId id = new MemberId(input, position);
        if (archive == null) {
            ObjectFile o = ObjectFiles.read(file, names, locals);
            return member(id, ByteStrings.of(path), null, o, List.of());
        }
        ArchiveMember m = archive.members().get(position);
        ObjectFile o = shared == null ? ObjectFiles.read(archive.data(m), names, locals)
                : shared.computeIfAbsent(content, c -> ObjectFiles.read(archive.data(m), names, locals));
        List<String> indexNames = List.of();
        if (o.source() == SymbolSource.INDEX_ONLY) {
            indexNames = archive.indexNamesByMember().get(position);
        }
        return member(id, ByteStrings.of(path), m.name(), o, indexNames);
    }

    /**
     * A multi-module bitcode file lists a name as undefined in one module and defined in another; merged
     * into one object, as the linker sees it, the name is defined: those references are dropped.
     */
    private static List<Symbol> linkerView(List<Symbol> symbols) {
        Set<String> defined = new HashSet<>();
        for (Symbol s : symbols) {
            if (s.isDefined()) {
                defined.add(s.name());
            }
        }
        if (symbols.stream().noneMatch(s -> s.isUndefined() && defined.contains(s.name()))) {
            return symbols;
        }
        return symbols.stream().filter(s -> !(s.isUndefined() && defined.contains(s.name()))).toList();
    }

    private InputMember member(MemberId id, String file, String name, ObjectFile o, List<String> indexNames) {
        if (o.source() == SymbolSource.INDEX_ONLY) {
            List<Symbol> syms = new ArrayList<>(indexNames.size());
            for (String n : indexNames) {
                syms.add(new Symbol(names.intern(n), Symbol.Definition.DEFINED, Symbol.Binding.GLOBAL, Symbol.Type.NOTYPE,
                        0, Symbol.NO_SECTION, Symbol.SectionKind.NONE, Symbol.Visibility.DEFAULT, null));
            }
            return new InputMember(id, file, name, o, List.copyOf(syms), false);
        }
        if (o instanceof BitcodeObject) {
            return new InputMember(id, file, name, o, linkerView(o.symbols()), true);
        }
        return new InputMember(id, file, name, o, o.symbols(), true);
    }
}
