package org.linkdedup.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveWriter;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.io.StagedFile;
import org.linkdedup.io.StagedFiles;
import org.linkdedup.link.EditedInputs;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.MemberId;
import org.linkdedup.objfile.SymbolEdits;

/**
 * Writes the archives a plan changes into an output directory and gives the new link order. Their
 * destinations go through the run's {@link OutputGuard} before anything is written.
 */
public final class TrimmedArchives {
    private TrimmedArchives() {
    }

    /**
     * The destination of each changed input, by input index: {@code outDir/<its file name>}, each
     * registered with {@code guard}, which refuses one that is or would replace a file the run reads
     * or another output. Nothing is written.
     */
    public static Map<Integer, Path> destinations(List<LoadedInput> inputs, Set<MemberId> dropped, Path outDir, OutputGuard guard) {
        return destinations(inputs, dropped, Map.of(), outDir, guard);
    }

    /**
     * {@link #destinations(List, Set, Path, OutputGuard)} for archives that lose members or have
     * members' symbols rewritten ({@code edits}).
     */
    public static Map<Integer, Path> destinations(List<LoadedInput> inputs, Set<MemberId> dropped, Map<MemberId, SymbolEdits> edits,
            Path outDir, OutputGuard guard) {
        Map<Integer, Path> dest = new TreeMap<>();
        for (LoadedInput in : inputs) {
            if (in.isArchive() && in.members().stream().anyMatch(m -> dropped.contains(m.id()) || edits.containsKey(m.id()))) {
                dest.put(in.index(), guard.writes(outDir.resolve(in.fileName()), "the trimmed " + in.display() + " at", true));
            }
        }
        return dest;
    }

    /**
     * Writes each changed archive to its destination. Every archive is first written beside its
     * destination and verified (in parallel); only when all are good are they renamed into place,
     * so a bad one replaces nothing.
     */
    public static void write(List<LoadedInput> inputs, Set<MemberId> dropped, Map<Integer, Path> destinations) throws IOException {
        try (StagedFiles out = new StagedFiles()) {
            stage(inputs, dropped, destinations, out);
            out.commit();
        }
    }

    /**
     * Writes and verifies each changed archive beside its destination (in parallel) and adds it to
     * {@code out}, in input order; nothing is renamed into place. When one fails, the others are in
     * {@code out} all the same, for it to discard, and the first failure (in input order) is thrown.
     */
    public static void stage(List<LoadedInput> inputs, Set<MemberId> dropped, Map<Integer, Path> destinations, StagedFiles out)
            throws IOException {
        stage(inputs, dropped, Map.of(), destinations, out);
    }

    /**
     * {@link #stage(List, Set, Map, StagedFiles)} with the members of {@code edits} rewritten: each
     * one's bytes pass through its format's editor, and its index entries are what its rewritten
     * symbol table defines (a localized name leaves the index).
     */
    public static void stage(List<LoadedInput> inputs, Set<MemberId> dropped, Map<MemberId, SymbolEdits> edits,
            Map<Integer, Path> destinations, StagedFiles out) throws IOException {
        List<Integer> order = destinations.keySet().stream().sorted().toList();
        // A member's rewritten bytes depend on its bytes and the edits alone: every wrapper of a build
        // bundles the same std objects and has the same symbols of them weakened, rewritten once here.
        Map<Object, byte[]> rewritten = new ConcurrentHashMap<>();
        out.stageAll(order.size(), k -> stage(inputs.get(order.get(k)), dropped, edits, destinations.get(order.get(k)), rewritten));
    }

    private static StagedFile stage(LoadedInput in, Set<MemberId> dropped, Map<MemberId, SymbolEdits> edits, Path dest,
            Map<Object, byte[]> rewritten) throws IOException {
        Archive a = in.archive();
        List<ArchiveWriter.Entry> kept = new ArrayList<>();
        for (InputMember m : in.members()) {
            if (dropped.contains(m.id())) {
                continue;
            }
            ArchiveMember am = a.members().get(m.id().position());
            SymbolEdits e = edits.get(m.id());
            if (e == null) {
                kept.add(ArchiveWriter.Entry.copied(am, IndexNames.of(m, a), in.digest(m.id().position())));
            } else {
                byte[] bytes = rewritten.computeIfAbsent(EditedInputs.rewriteKey(m, e), r -> EditedInputs.rewrittenBytes(in, m, e));
                kept.add(new ArchiveWriter.Entry(am, IndexNames.of(EditedInputs.edited(m, e)), bytes));
            }
        }
        return ArchiveWriter.stage(a, kept, dest);
    }

    /**
     * The destination of each archive in {@code changed} (its file name, by input index):
     * {@code outDir/<file name>}, registered with {@code guard} as {@link #destinations(List, Set, Map, Path, OutputGuard)}
     * does; {@code displays} are the inputs as given, for messages.
     */
    public static Map<Integer, Path> destinations(Map<Integer, String> changed, List<String> displays, Path outDir, OutputGuard guard) {
        Map<Integer, Path> dest = new TreeMap<>();
        for (Map.Entry<Integer, String> c : new TreeMap<>(changed).entrySet()) {
            dest.put(c.getKey(), guard.writes(outDir.resolve(c.getValue()), "the trimmed " + displays.get(c.getKey()) + " at", true));
        }
        return dest;
    }

    /** The link order ({@code displays}: each input as given) with each changed archive replaced by its trimmed copy. */
    public static List<String> linkOrder(List<String> displays, Map<Integer, Path> destinations) {
        List<String> out = new ArrayList<>(displays.size());
        for (int i = 0; i < displays.size(); i++) {
            Path d = destinations.get(i);
            out.add(d == null ? displays.get(i) : ByteStrings.of(d));
        }
        return out;
    }

}
