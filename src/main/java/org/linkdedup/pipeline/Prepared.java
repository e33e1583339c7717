package org.linkdedup.pipeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.error.UnsafeResultException;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.MemberId;
import org.linkdedup.objfile.SymbolEdits;

/**
 * What a dedup run leaves for {@code plan}, {@code apply} and {@code exec} to print and write, in a
 * form that does not depend on where the trimmed archives go and that the result cache stores: the
 * rendered report, the counts the commands' last lines and exit statuses need, the files the run
 * read (for the output guard), each input's display name, and the file name of every archive the
 * run changes. A run computed and a run served from the cache print and write from this same value.
 *
 * @param texts        the report as {@code report} renders it
 * @param safe         {@link Dedup#safe()}
 * @param hazardsLeft  split runtimes left after the rewrite
 * @param conflicts    unresolved conflicts
 * @param dropped      members dropped
 * @param rewrites     symbols rewritten
 * @param edited       members whose symbols are rewritten
 * @param reads        every file the run reads, with what the guard calls it
 * @param displays     each input as given, in link order
 * @param changed      the file name of each archive that changes, by input index
 */
public record Prepared(Texts texts, boolean safe, int hazardsLeft, int conflicts, long dropped, int rewrites, int edited,
        List<Read> reads, List<String> displays, SortedMap<Integer, String> changed) {

    private static final int FORMAT = 1;

    /**
     * The rendered report: {@code lines} and {@code detailedLines} the {@code [strip-dedup]} lines
     * (exec's {@code -v} form), {@code verdictLines} why a result is not safe, {@code dryRunSummary}
     * plan's last line, {@code json} the run's {@code --json} document (null when not asked for).
     */
    public record Texts(List<String> lines, List<String> detailedLines, List<String> verdictLines, String dryRunSummary,
            String json) {
        public Texts {
            lines = List.copyOf(lines);
            detailedLines = List.copyOf(detailedLines);
            verdictLines = List.copyOf(verdictLines);
        }
    }

    /** A file the run reads, and how the output guard names it. */
    public record Read(Path path, String what) {
    }

    public Prepared {
        reads = List.copyOf(reads);
        displays = List.copyOf(displays);
        changed = new TreeMap<>(changed);
    }

    /** The value of {@code run}, reported as {@code texts}. */
    public static Prepared of(Dedup run, Texts texts) {
        List<Read> reads = new ArrayList<>();
        List<String> displays = new ArrayList<>();
        SortedMap<Integer, String> changed = new TreeMap<>();
        Set<MemberId> dropped = run.plan().dropped();
        Map<MemberId, SymbolEdits> edits = run.plan().edits();
        for (LoadedInput in : run.inputs()) {
            reads.add(new Read(in.path(), "input " + in.display()));
            if (in.isArchive() && in.archive().isThin()) {
                for (ArchiveMember m : in.archive().members()) {
                    if (m.isExternal()) {
                        reads.add(new Read(m.external(), "member " + m.name() + " of thin archive " + in.display()));
                    }
                }
            }
            displays.add(in.display());
            if (in.isArchive() && in.members().stream().anyMatch(m -> dropped.contains(m.id()) || edits.containsKey(m.id()))) {
                changed.put(in.index(), in.fileName());
            }
        }
        int hazards = run.verification() == null ? 0 : run.verification().hazardsAfter().size();
        return new Prepared(texts, run.safe(), hazards, run.plan().conflicts().size(), run.plan().droppedCount(),
                run.plan().rewrites().size(), edits.size(), reads, displays, changed);
    }

    /** Whether anything is dropped or rewritten: else exec runs the command unchanged. */
    public boolean changesAnything() {
        return dropped > 0 || rewrites > 0;
    }

    /** The report's lines: exec's detailed form when {@code details}. */
    public List<String> lines(boolean details) {
        return details ? texts.detailedLines() : texts.lines();
    }

    /** Nothing when {@link #safe} or {@code allowSplit}; else the exception saying what is left and that {@code notDone} was not done. */
    public void requireSafe(boolean allowSplit, String notDone) {
        if (!safe && !allowSplit) {
            throw unsafe(hazardsLeft, conflicts, notDone);
        }
    }

    static UnsafeResultException unsafe(int hazards, int conflicts, String notDone) {
        return new UnsafeResultException("the verified link still holds " + hazards + " split runtime(s) and " + conflicts
                + " unresolved conflict(s) (see the report); " + notDone + " (--allow-split accepts it)");
    }

    /** This value as bytes (what a cache entry stores). */
    byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(FORMAT);
        writeLines(out, texts.lines());
        writeLines(out, texts.detailedLines());
        writeLines(out, texts.verdictLines());
        writeString(out, texts.dryRunSummary());
        writeString(out, texts.json());
        out.writeBoolean(safe);
        out.writeInt(hazardsLeft);
        out.writeInt(conflicts);
        out.writeLong(dropped);
        out.writeInt(rewrites);
        out.writeInt(edited);
        out.writeInt(reads.size());
        for (Read r : reads) {
            writeString(out, r.path().toString());
            writeString(out, r.what());
        }
        writeLines(out, displays);
        out.writeInt(changed.size());
        for (Map.Entry<Integer, String> c : changed.entrySet()) {
            out.writeInt(c.getKey());
            writeString(out, c.getValue());
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** The value {@link #toBytes} wrote; an IOException when the bytes are not one. */
    static Prepared fromBytes(DataInputStream in) throws IOException {
        if (in.readInt() != FORMAT) {
            throw new IOException("another payload format");
        }
        Texts texts = new Texts(readLines(in), readLines(in), readLines(in), readString(in), readString(in));
        boolean safe = in.readBoolean();
        int hazards = in.readInt();
        int conflicts = in.readInt();
        long dropped = in.readLong();
        int rewrites = in.readInt();
        int edited = in.readInt();
        int n = count(in);
        List<Read> reads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reads.add(new Read(Path.of(readString(in)), readString(in)));
        }
        List<String> displays = readLines(in);
        int c = count(in);
        SortedMap<Integer, String> changed = new TreeMap<>();
        for (int i = 0; i < c; i++) {
            changed.put(in.readInt(), readString(in));
        }
        return new Prepared(texts, safe, hazards, conflicts, dropped, rewrites, edited, reads, displays, changed);
    }

    static Prepared fromBytes(byte[] bytes) throws IOException {
        return fromBytes(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.available()) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static void writeLines(DataOutputStream out, List<String> lines) throws IOException {
        out.writeInt(lines.size());
        for (String l : lines) {
            writeString(out, l);
        }
    }

    private static List<String> readLines(DataInputStream in) throws IOException {
        int n = count(in);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readString(in));
        }
        return out;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad count " + n);
        }
        return n;
    }
}
