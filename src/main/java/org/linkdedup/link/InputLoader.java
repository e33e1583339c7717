package org.linkdedup.link;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;
import org.linkdedup.io.InputFiles;
import org.linkdedup.io.InputFormatException;
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
 */
public final class InputLoader {
    private final NameInterner names;
    private final boolean locals;

    /** A loader that keeps local symbols only when {@code locals} (listings want them; links do not). */
    public InputLoader(NameInterner names, boolean locals) {
        this.names = names;
        this.locals = locals;
    }

    /** A loader for links: external symbols only. */
    public InputLoader() {
        this(new NameInterner(), false);
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
        List<ByteView> views = new ArrayList<>(paths.size());
        List<Archive> archives = new ArrayList<>(paths.size());
        List<int[]> work = new ArrayList<>();   // (input, member) pairs to read
        for (int i = 0; i < paths.size(); i++) {
            ByteView v = files.open(paths.get(i));
            views.add(v);
            Archive a = ArchiveReader.isArchive(v) ? ArchiveReader.read(paths.get(i), v) : null;
            if (a == null && FileMagic.of(v) == FileMagic.OTHER) {
                // A linker rejects such an input (or reads it as a script): planning around it would hide that.
                throw v.error(0, v.size() == 0 ? "empty file: not an archive or an object file"
                        : "not an archive or an object file");
            }
            archives.add(a);
            int n = a == null ? 1 : a.members().size();
            for (int m = 0; m < n; m++) {
                work.add(new int[] {i, m});
            }
        }
        Progress progress = Progress.global();
        progress.start("reading " + paths.size() + (paths.size() == 1 ? " input" : " inputs"), work.size());
        InputMember[] read = new InputMember[work.size()];
        InputFormatException[] errors = new InputFormatException[work.size()];
        IntStream.range(0, work.size()).parallel().forEach(k -> {
            int i = work.get(k)[0];
            int m = work.get(k)[1];
            try {
                read[k] = readMember(i, paths.get(i), views.get(i), archives.get(i), m);
            } catch (InputFormatException e) {
                errors[k] = e;
            } finally {
                InputFiles.surfaceFault();   // in this task, where load's caller sees it
                progress.advance();
            }
        });
        for (InputFormatException e : errors) {
            if (e != null) {
                throw e;
            }
        }
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
            out.add(new LoadedInput(in.index(), in.path(), in.display(), a, members));
        }
        return out;
    }

    private InputMember readMember(int input, Path path, ByteView file, Archive archive, int position) {
        MemberId id = new MemberId(input, position);
        if (archive == null) {
            ObjectFile o = ObjectFiles.read(file, names, locals);
            return member(id, ByteStrings.of(path), null, o, List.of());
        }
        ArchiveMember m = archive.members().get(position);
        ObjectFile o = ObjectFiles.read(archive.data(m), names, locals);
        List<String> indexNames = List.of();
        if (o.source() == SymbolSource.INDEX_ONLY) {
            indexNames = archive.index().namesOf(position);
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
